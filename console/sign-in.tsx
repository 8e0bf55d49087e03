/** The local dev sign-in: agency, role and user, for a token minted with the dev key (POST /dev/sign-in). */
import { useState } from 'preact/hooks';
import { ApiProblem, devSignIn } from './api.ts';
import { LOCAL_AGENCIES, ROLE_LABELS } from './labels.ts';
import type { Role, Session } from './session.ts';

export function SignIn({ onSignedIn }: { readonly onSignedIn: (session: Session) => void }) {
  const [agency, setAgency] = useState('siping-gxj');
  const [role, setRole] = useState<Role>('reviewer');
  const [user, setUser] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (user.trim() === '') {
      setError('请填写用户名。');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const token = await devSignIn(agency.trim(), role, user.trim());
      onSignedIn({ token, agency: agency.trim(), role, user: user.trim() });
    } catch (problem) {
      setError(problem instanceof ApiProblem ? problem.message : '登录失败，请重试。');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="sign-in-title" class="narrow">
      <h1 id="sign-in-title">登录机关工作台</h1>
      <p class="hint">
        本地平台的开发登录：选择机关、角色和用户名，即用本地开发密钥签发令牌。部署后由统一身份认证登录。
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <div class="form-field">
          <label for="agency">机关代码</label>
          <input
            id="agency"
            name="agency"
            list="agencies"
            autocomplete="off"
            required
            value={agency}
            onInput={(e) => setAgency(e.currentTarget.value)}
            aria-describedby="agency-hint"
          />
          <datalist id="agencies">
            {LOCAL_AGENCIES.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </datalist>
          <p id="agency-hint" class="hint">
            本地已登记：{LOCAL_AGENCIES.map((a) => `${a.id}（${a.name}）`).join('、')}
          </p>
        </div>
        <div class="form-field">
          <label for="role">角色</label>
          <select id="role" name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {Object.entries(ROLE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="form-field">
          <label for="user">用户名</label>
          <input
            id="user"
            name="user"
            autocomplete="username"
            required
            value={user}
            onInput={(e) => setUser(e.currentTarget.value)}
            aria-describedby="user-hint"
          />
          <p id="user-hint" class="hint">
            例如 wang.fang（字母、数字、点或连字符）
          </p>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </section>
  );
}
