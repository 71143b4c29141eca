import http from 'node:http';
import type { FuzzCase } from './operations.ts';

/** What came back for one case. `status` is a number when the app answered at all. */
export interface Outcome {
  status: number | 'timeout' | 'aborted' | 'connection-error';
  ms: number;
  /** The app's own error JSON ({error:{code,message}}) when it answered with one. */
  errorCode: string | null;
  /** Set by the app's first middleware; absent when Node itself refused (431, 400 from the parser). */
  fromApp: boolean;
  excerpt: string;
  detail?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/**
 * Sends one case over a real socket, with exact bytes and headers, bounded by `timeoutMs`
 * (a hang becomes a 'timeout' outcome, never a stuck suite).
 */
export function send(baseUrl: string, c: FuzzCase, requestId: string, timeoutMs: number): Promise<Outcome> {
  const started = Date.now();
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Omit<Outcome, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...o, ms: Date.now() - started });
    };
    const headers: Record<string, string | number> = { ...c.headers, 'x-request-id': requestId };
    if (c.body) headers['content-length'] = c.body.length;
    const req = http.request({ host: url.hostname, port: url.port, method: c.method, path: c.url, headers, agent: c.abortAfter ? false : agent });
    const timer = setTimeout(() => {
      done({ status: 'timeout', errorCode: null, fromApp: false, excerpt: '', detail: `no complete answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('response', (res) => {
      const fromApp = res.headers['x-request-id'] === requestId;
      const type = String(res.headers['content-type'] ?? '');
      if (type.startsWith('text/event-stream')) {
        // A stream that opened is an answer; it would never end on its own.
        res.destroy();
        return done({ status: res.statusCode ?? 0, errorCode: null, fromApp, excerpt: '(event stream)' });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        if (size < 65_536) chunks.push(d);
        size += d.length;
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let errorCode: string | null = null;
        try {
          const code = JSON.parse(text)?.error?.code;
          errorCode = typeof code === 'string' ? code : null;
        } catch {
          // not JSON: errorCode stays null and the shape check reports it
        }
        done({ status: res.statusCode ?? 0, errorCode, fromApp, excerpt: text.slice(0, 300) });
      });
      res.on('error', (err) => done({ status: res.statusCode ?? 0, errorCode: null, fromApp, excerpt: '', detail: `response stream: ${err.message}` }));
    });
    req.on('error', (err) => {
      if (c.abortAfter) done({ status: 'aborted', errorCode: null, fromApp: false, excerpt: '' });
      else done({ status: 'connection-error', errorCode: null, fromApp: false, excerpt: '', detail: err.message });
    });
    if (!c.body) return void req.end();
    if (c.abortAfter) {
      // A client that gives up mid-upload: part of the body, then the socket goes away.
      req.write(c.body.subarray(0, c.abortAfter));
      setTimeout(() => {
        req.destroy();
        done({ status: 'aborted', errorCode: null, fromApp: false, excerpt: '' });
      }, 50);
      return;
    }
    req.end(c.body);
  });
}

export function closeClient(): void {
  agent.destroy();
}
