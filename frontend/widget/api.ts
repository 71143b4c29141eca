// The frame's calls to the visitor API (/api/widget/*, same origin as the frame), with the
// visitor's token. The token comes from POST /api/widget/session and is stored for the next visit;
// a call answered 401 (expired, or the widget's secret changed) renews the session once and is
// retried. Every failure becomes an ApiError the caller can describe in one line.

import type { PublicWidgetView, WidgetMessageView } from '../../server/webchat/schema.ts';
import { ApiError, parseRetryAfter } from './errors.ts';
import type { Slot } from './storage.ts';

export type Visitor = { name: string | null; email: string | null; phone: string | null };
export type Session = { token: string; visitorId: string; visitor: Visitor; needsPreChat: boolean; widget: PublicWidgetView };
export type History = { messages: WidgetMessageView[]; hasOlder: boolean };
type Init = { method?: string; body?: unknown; auth?: boolean; keepalive?: boolean; signal?: AbortSignal; accept?: string };

export type WidgetApi = ReturnType<typeof createApi>;

export function createApi(key: string, hostOrigin: string, tokenStore: Slot) {
  let renewing: Promise<Session> | null = null;

  async function request(path: string, init: Init = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const token = tokenStore.get();
    if (init.auth && token) headers.Authorization = `Bearer ${token}`;
    if (init.accept) headers.Accept = init.accept;
    let res: Response;
    try {
      res = await fetch(`/api/widget/${path}`, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        keepalive: init.keepalive,
        signal: init.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, null);
    }
    if (res.ok) return res;
    let message: string | null = null;
    try {
      const body = (await res.json()) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // not JSON (a proxy's error page)
    }
    throw new ApiError(res.status, message, parseRetryAfter(res.headers.get('Retry-After'), Date.now()));
  }

  const json = async <T>(path: string, init?: Init): Promise<T> => (await request(path, init)).json() as Promise<T>;

  async function session(): Promise<Session> {
    const token = tokenStore.get() ?? undefined;
    const s = await json<Session>('session', { method: 'POST', body: { key, token, origin: hostOrigin } });
    tokenStore.set(s.token);
    return s;
  }

  /** A call with the token; on 401 the session is renewed (once, shared by concurrent calls) and the call retried. */
  async function authed(path: string, init: Init = {}): Promise<Response> {
    try {
      return await request(path, { ...init, auth: true });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      renewing ??= session().finally(() => (renewing = null));
      await renewing;
      return request(path, { ...init, auth: true });
    }
  }

  return {
    session,
    config: () => json<PublicWidgetView>(`config?key=${encodeURIComponent(key)}`),
    history: async (query: { before?: string; after?: string; limit?: number }): Promise<History> => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
      return (await authed(`messages?${params}`)).json() as Promise<History>;
    },
    send: async (clientId: string, text: string) => (await authed('messages', { method: 'POST', body: { clientId, text } })).json() as Promise<WidgetMessageView>,
    visitor: async (body: Partial<Record<'name' | 'email' | 'phone', string>>) => (await authed('visitor', { method: 'POST', body })).json() as Promise<Visitor>,
    typing: (typing: boolean) => authed('typing', { method: 'POST', body: { typing } }),
    read: (upTo: string) => authed('read', { method: 'POST', body: { upTo } }),
    /** WhatsApp mode: counts the click even as the page is left (keepalive). */
    click: () => request('clicks', { method: 'POST', body: { key }, keepalive: true }),
    /** The visitor's event stream (read by stream.ts). */
    stream: (signal: AbortSignal) => authed('stream', { signal, accept: 'text/event-stream' }),
  };
}
