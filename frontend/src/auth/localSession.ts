// Local mode: the session lives in localStorage (shared by every tab) and is the one source of truth.
// Refresh tokens rotate and reusing one revokes them all, so renewals are serialised: one at a time
// per tab, one at a time across tabs where the Web Locks API exists (secure contexts), and a tab
// that finds another tab already renewed just adopts the new tokens.
import { api, ApiError, type SessionHandlers } from '../api/client.ts';
import type { User } from '../api/queries.ts';
import type { SessionView } from '../../../server/auth/present.ts';

const KEY = 'parley.session';
const REFRESH_EARLY_MS = 2 * 60_000;
const REFRESH_JITTER_MS = 30_000; // spreads tabs apart where there are no Web Locks
const RETRY_MS = 30_000;

export interface LocalSession {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  user: User;
}

const listeners = new Set<() => void>();
let cachedRaw: string | null = null;
let cached: LocalSession | null = null;
let inflight: Promise<boolean> | null = null;

/** The stored session; the same object until storage changes (a useSyncExternalStore snapshot). */
export function getSession(): LocalSession | null {
  const raw = localStorage.getItem(KEY);
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cached = parse(raw);
  }
  return cached;
}

export function subscribe(listener: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) listener();
  };
  listeners.add(listener);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export async function login(email: string, password: string): Promise<void> {
  save(await api<SessionView>('/auth/login', { method: 'POST', body: { email, password }, auth: false }));
}

export async function logout(): Promise<void> {
  const session = getSession();
  save(null);
  if (session) {
    await api('/auth/logout', { method: 'POST', body: { refreshToken: session.refreshToken }, auth: false }).catch(() => {});
  }
}

/** The server ends every session of the user and answers with a new one for this tab (and the others). */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  save(await api<SessionView>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } }));
}

/** A session the server handed over elsewhere (an accepted invite) becomes this browser's. */
export function adoptSession(res: SessionView): void {
  save(res);
}

/** True once a fresh session is stored; false when it is gone; throws if the server is unreachable. */
function refresh(staleToken: string): Promise<boolean> {
  inflight ??= withLock(async () => {
    const session = getSession();
    if (!session) return false;
    if (session.accessToken !== staleToken) return true;
    try {
      save(await api<SessionView>('/auth/refresh', { method: 'POST', body: { refreshToken: session.refreshToken }, auth: false }));
      return true;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 0 || err.status >= 500) throw err;
      save(null);
      return false;
    }
  }).finally(() => {
    inflight = null;
  });
  return inflight;
}

/** Renews the session about two minutes before it expires; returns the cancel function. */
export function keepFresh(session: LocalSession | null): () => void {
  if (!session) return () => {};
  let timer: number;
  const run = () => {
    refresh(session.accessToken).catch(() => {
      timer = window.setTimeout(run, RETRY_MS);
    });
  };
  timer = window.setTimeout(run, session.expiresAt - REFRESH_EARLY_MS - Math.random() * REFRESH_JITTER_MS - Date.now());
  return () => window.clearTimeout(timer);
}

export const localHandlers: SessionHandlers = {
  token: async () => getSession()?.accessToken ?? null,
  refresh,
  expired: () => save(null),
};

function save(res: SessionView | null): void {
  if (res) {
    const { accessToken, refreshToken, expiresIn, user } = res;
    const session: LocalSession = { accessToken, refreshToken, expiresAt: Date.now() + expiresIn * 1000, user };
    localStorage.setItem(KEY, JSON.stringify(session));
  } else {
    localStorage.removeItem(KEY);
  }
  for (const listener of listeners) listener();
}

function parse(raw: string | null): LocalSession | null {
  try {
    const value = raw ? (JSON.parse(raw) as LocalSession) : null;
    return value?.accessToken && value.refreshToken && value.user ? value : null;
  } catch {
    return null;
  }
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  return navigator.locks ? await navigator.locks.request('parley.session.refresh', fn) : fn();
}
