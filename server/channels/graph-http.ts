import { Pool } from 'undici';

// The HTTP side of the Graph API, shared by every Meta channel: one keep-alive pool per base URL
// (real Graph, the in-app or a standalone simulator), bearer token, JSON in and out, a timeout.
// It answers what came back (status and JSON) or that nothing did; what a status or an error
// code means is each channel's business (its errors.ts).

export type GraphReply =
  | { kind: 'response'; status: number; json: (Record<string, unknown> & { error?: Record<string, unknown> }) | null }
  | { kind: 'network'; err: unknown };

export interface GraphHttp {
  request(method: 'GET' | 'POST', path: string, token: string, body?: object): Promise<GraphReply>;
  close(): Promise<void>;
}

export interface GraphHttpOptions {
  /** e.g. https://graph.facebook.com/v23.0 or http://127.0.0.1:9090/graph/v23.0 */
  baseUrl: string;
  timeoutMs?: number;
  connections?: number;
}

export function createGraphHttp(opts: GraphHttpOptions): GraphHttp {
  const base = new URL(opts.baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const timeout = opts.timeoutMs ?? 15_000;
  const pool = new Pool(base.origin, {
    connections: opts.connections ?? 64,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  return {
    async request(method, path, token, body) {
      try {
        const res = await pool.request({
          method,
          path: prefix + path,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(timeout),
        });
        const text = await res.body.text();
        let json: Record<string, unknown> | null;
        try {
          const parsed: unknown = text ? JSON.parse(text) : {};
          json = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
        } catch {
          json = null;
        }
        return { kind: 'response', status: res.statusCode, json };
      } catch (err) {
        return { kind: 'network', err };
      }
    },
    close: () => pool.close(),
  };
}
