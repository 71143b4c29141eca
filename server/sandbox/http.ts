// Small node:http helpers for the hot path: no framework, one Buffer per body, one
// JSON.stringify per answer.
import type { IncomingMessage, ServerResponse } from 'node:http';

const EMPTY = Buffer.alloc(0);

/** The whole request body. When a host framework already consumed the stream (e.g. a JSON body
 * parser ran before the mount), rebuilds the bytes from what it left on req.body. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  const pre = (req as IncomingMessage & { body?: unknown }).body;
  if (req.readableEnded && pre !== undefined) {
    if (Buffer.isBuffer(pre)) return Promise.resolve(pre);
    if (typeof pre === 'string') return Promise.resolve(Buffer.from(pre));
    return Promise.resolve(Buffer.from(JSON.stringify(pre)));
  }
  if (req.readableEnded) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    let first: Buffer | null = null;
    let chunks: Buffer[] | null = null;
    req.on('data', (c: Buffer) => {
      if (!first) first = c;
      else (chunks ??= [first]).push(c);
    });
    req.on('end', () => resolve(chunks ? Buffer.concat(chunks) : (first ?? EMPTY)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/** "Authorization: Bearer X" -> X; Graph also accepts ?access_token=X. */
export function accessToken(req: IncomingMessage, query: string): string | null {
  const h = req.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(.+)$/i.exec(h);
    return m ? m[1].trim() : null;
  }
  if (query.includes('access_token=')) return new URLSearchParams(query).get('access_token');
  return null;
}

/** JSON.parse that reports failure instead of throwing. */
export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
