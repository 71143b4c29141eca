// A web chat visitor for tests, over real HTTP: a session from a given site and address, the
// visitor API with their token, and their live stream read as the widget's frame reads it (fetch
// with the Authorization header, events parsed from the body).
import { randomUUID } from 'node:crypto';
import { waitFor, type TestApp } from './harness.ts';

export interface SseEvent {
  event: string;
  data: string;
  id: string | null;
}

export interface OpenStream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** Waits for an event of this type whose JSON data passes `ok`. */
  next(event: string, ok?: (data: any) => boolean, timeoutMs?: number): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<OpenStream> {
  const aborter = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: aborter.signal });
  const events: SseEvent[] = [];
  if (res.ok && res.body) {
    void (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          buffer += value;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const e: SseEvent = { event: 'message', data: '', id: null };
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) e.event = line.slice(7);
              else if (line.startsWith('data: ')) e.data += line.slice(6);
              else if (line.startsWith('id: ')) e.id = line.slice(4);
            }
            if (!block.startsWith(':')) events.push(e);
          }
        }
      } catch {
        // aborted
      }
    })();
  } else await res.body?.cancel();
  return {
    status: res.status,
    headers: res.headers,
    events,
    async next(event, ok = () => true, timeoutMs = 20_000) {
      const found = await waitFor(`a "${event}" event`, async () => events.find((e) => e.event === event && ok(JSON.parse(e.data))), (e) => !!e, timeoutMs);
      return JSON.parse(found!.data);
    },
    close: () => aborter.abort(),
  };
}

let nextIp = 1;
/** A fresh address for per-IP limits (the test app trusts loopback proxies: X-Forwarded-For counts). */
export const freshIp = () => `198.51.${Math.floor(nextIp / 250) % 250}.${(nextIp++ % 250) + 1}`;

export interface TestVisitor {
  token: string;
  visitorId: string;
  session: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ip: string;
  call(method: string, path: string, json?: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string; body: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  say(text: string): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stream(query?: string, headers?: Record<string, string>): Promise<OpenStream>;
}

/** Any call to the visitor API, as the frame makes it (same-origin), from `ip`. */
export async function widgetCall(app: TestApp, method: string, path: string, opts: { token?: string; json?: unknown; headers?: Record<string, string>; ip?: string } = {}) {
  const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', 'x-forwarded-for': opts.ip ?? freshIp(), ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(app.url + path, { method, headers, body: opts.json === undefined ? undefined : typeof opts.json === 'string' ? opts.json : JSON.stringify(opts.json) });
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, text, body, headers: res.headers };
}

/** Opens a session for `key` from `origin` (the earlier token, if given, resumes that visitor). */
export async function startVisitor(app: TestApp, key: string, origin: string, earlierToken?: string): Promise<TestVisitor> {
  const ip = freshIp();
  const r = await widgetCall(app, 'POST', '/api/widget/session', { json: { key, origin, ...(earlierToken ? { token: earlierToken } : {}) }, ip });
  if (r.status !== 200) throw new Error(`session: ${r.status} ${r.text}`);
  const token: string = r.body.token;
  const call: TestVisitor['call'] = (method, path, json, headers) => widgetCall(app, method, path, { token, json, headers, ip });
  return {
    token,
    visitorId: r.body.visitorId,
    session: r.body,
    ip,
    call,
    async say(text) {
      const sent = await call('POST', '/api/widget/messages', { clientId: randomUUID(), text });
      if (sent.status !== 201) throw new Error(`message: ${sent.status} ${sent.text}`);
      return sent.body;
    },
    stream: (query = '', headers = {}) => openSse(`${app.url}/api/widget/stream${query}`, { authorization: `Bearer ${token}`, 'sec-fetch-site': 'same-origin', 'x-forwarded-for': ip, ...headers }),
  };
}
