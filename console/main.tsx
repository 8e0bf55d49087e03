/** The agency console: sign-in, the reviewer's queue and a decision's review (hash routes: #/queue, #/decisions/ID). */
import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ROLE_LABELS } from './labels.ts';
import { Queue } from './queue.tsx';
import { Review } from './review.tsx';
import { clearSession, loadSession, type Session, saveSession } from './session.ts';
import { SignIn } from './sign-in.tsx';

type Route = { readonly screen: 'queue' } | { readonly screen: 'decision'; readonly id: string };

function routeOf(hash: string): Route {
  const match = /^#\/decisions\/([^/]+)$/.exec(hash);
  return match?.[1] ? { screen: 'decision', id: decodeURIComponent(match[1]) } : { screen: 'queue' };
}

function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [route, setRoute] = useState<Route>(() => routeOf(location.hash));
  const [notice, setNotice] = useState<string>('');
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    // Only `#/…` is a route: `#main` (the skip link) moves the focus and leaves the screen as it is.
    const onHash = () => {
      if (location.hash === '' || location.hash.startsWith('#/')) setRoute(routeOf(location.hash));
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  // A new screen: its heading is announced and the keyboard starts from the main content.
  const screenKey = session ? (route.screen === 'decision' ? `d:${route.id}` : 'queue') : 'sign-in';
  useEffect(() => {
    document.title = `${screenTitle(session, route)} · 机关工作台`;
    main.current?.focus();
  }, [screenKey]);

  const signedIn = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
    setNotice('');
    location.hash = '#/queue';
  }, []);
  const signOut = useCallback(() => {
    clearSession();
    setSession(undefined);
    setNotice('已退出登录。');
    history.replaceState(null, '', location.pathname);
  }, []);
  const open = useCallback((id: string) => {
    setNotice('');
    location.hash = `#/decisions/${encodeURIComponent(id)}`;
  }, []);
  const done = useCallback((message: string) => {
    setNotice(message);
    location.hash = '#/queue';
  }, []);

  return (
    <>
      <a class="skip-link" href="#main">
        跳到主要内容
      </a>
      <header class="console-header">
        <div class="wrap header-row">
          <p class="brand">行政执法公示 · 机关工作台</p>
          {session && (
            <nav aria-label="账户">
              <span class="who">
                {session.user}（{session.agency} · {ROLE_LABELS[session.role] ?? session.role}）
              </span>
              {route.screen !== 'queue' && (
                <a class="header-link" href="#/queue">
                  审查队列
                </a>
              )}
              <button type="button" class="secondary" onClick={signOut}>
                退出登录
              </button>
            </nav>
          )}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} class="wrap">
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        {!session ? (
          <SignIn onSignedIn={signedIn} />
        ) : route.screen === 'decision' ? (
          <Review session={session} id={route.id} onDone={done} />
        ) : (
          <Queue session={session} onOpen={open} />
        )}
      </main>
      <footer class="console-footer">
        <div class="wrap">本工作台仅供执法机关工作人员使用，页面不被搜索引擎收录。</div>
      </footer>
    </>
  );
}

function screenTitle(session: Session | undefined, route: Route): string {
  if (!session) return '登录';
  return route.screen === 'decision' ? '审查决定' : '审查队列';
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
