// Test helper: serves the OpenAI simulator on 127.0.0.1:<random port>, the way
// the Graph simulator mounts it (body read up front, path passed through).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAiSim, type KnobsPatch, type LogEntry, type OpenAiSim, type OpenAiSimOptions } from './index.ts';

export type TestOpenAiServer = {
  sim: OpenAiSim;
  /** e.g. http://127.0.0.1:12345 */
  origin: string;
  /** What to pass as the openai SDK's baseURL. */
  baseURL: string;
  /** Calls a /control/openai endpoint and returns the parsed JSON (throws on non-2xx). */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  knobs(patch: KnobsPatch): Promise<unknown>;
  requests(query?: { path?: string; method?: string; limit?: number }): Promise<LogEntry[]>;
  /** Requests being handled right now (e.g. sleeping on a latency), so a test can wait until one arrived. */
  handling(): number;
  close(): Promise<void>;
};

export async function startOpenAiSim(options?: OpenAiSimOptions): Promise<TestOpenAiServer> {
  const sim = createOpenAiSim(options);
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      if (!path.startsWith('/v1/') && !path.startsWith('/control/openai/')) {
        res.writeHead(404).end();
        return;
      }
      const done = sim
        .handle(req, res, path, Buffer.concat(chunks))
        .catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        })
        .finally(() => inFlight.delete(done));
      inFlight.add(done);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${origin}/control/openai${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`control ${method} ${path} -> ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }

  return {
    sim,
    origin,
    baseURL: `${origin}/v1`,
    control,
    knobs: (patch) => control('PATCH', '/knobs', patch),
    handling: () => inFlight.size,
    async requests(query = {}) {
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
      return (await control<{ data: LogEntry[] }>('GET', `/requests?${qs}`)).data;
    },
    async close() {
      // close() wakes requests sleeping on latency; let them answer before dropping sockets.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sim.close();
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}
