import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';

// Graceful HTTP stop for SIGTERM (PM2 reload): stop accepting, let the requests already running
// finish (webhook batches being stored, uploads being copied), turn away new ones on kept-alive
// connections with a 503 and Connection: close, end live event streams (browsers reconnect to
// the next process), and close every connection as soon as it has nothing left to answer.

export interface DrainableServer {
  server: Server;
  /** Resolves once every in-flight request has been answered, or at the deadline, closing what is left. */
  drain(timeoutMs: number): Promise<{ unfinished: number }>;
}

export function createDrainableServer(app: RequestListener): DrainableServer {
  const inFlight = new Set<ServerResponse>();
  const streams = new WeakSet<ServerResponse>(); // EventSource asks with Accept: text/event-stream
  let draining = false;
  let settled: (() => void) | null = null;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (draining) return refuse(req, res);
    inFlight.add(res);
    if (req.headers.accept?.includes('text/event-stream')) streams.add(res);
    res.on('close', () => {
      inFlight.delete(res);
      if (draining && countWork() === 0) settled?.();
    });
    app(req, res);
  });

  const isEventStream = (res: ServerResponse) => streams.has(res) || String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');
  const countWork = () => [...inFlight].filter((r) => !isEventStream(r)).length;

  const drain = async (timeoutMs: number) => {
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const res of inFlight) {
      if (isEventStream(res)) res.end();
      else if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    server.closeIdleConnections();
    if (countWork() > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise<void>((r) => (settled = r)), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    }
    const unfinished = countWork();
    server.closeAllConnections(); // what is left: idle keep-alives, or requests past the deadline
    await closed;
    return { unfinished };
  };
  return { server, drain };
}


function refuse(req: IncomingMessage, res: ServerResponse): void {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
  const body = JSON.stringify({ error: { code: 'shutting_down', message: 'Parley is restarting; retry in a moment', requestId } });
  res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close', 'retry-after': '1' });
  res.end(body);
  req.resume(); // discard any body so the socket can close cleanly
}
