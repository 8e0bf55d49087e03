/**
 * Who is signed in: the token and what it was minted for, in memory and in sessionStorage (so a reload in the same
 * tab keeps the sign-in), never in localStorage (it would outlive the tab and be shared with every other one).
 */
export type Role = 'submitter' | 'reviewer' | 'operator';

export interface Session {
  readonly token: string;
  readonly agency: string;
  readonly role: Role;
  readonly user: string;
}

const KEY = 'gongshi-console-session';
let current: Session | undefined;

export function loadSession(): Session | undefined {
  if (current) return current;
  try {
    const text = sessionStorage.getItem(KEY);
    const parsed = text ? (JSON.parse(text) as Partial<Session>) : undefined;
    if (parsed?.token && parsed.agency && parsed.role && parsed.user) current = parsed as Session;
  } catch {
    // Storage refused (private mode) or unreadable: signed out.
  }
  return current;
}

export function saveSession(session: Session): void {
  current = session;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Kept in memory only: a reload signs out.
  }
}

export function clearSession(): void {
  current = undefined;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
