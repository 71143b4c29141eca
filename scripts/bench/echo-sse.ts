// The reference of bench:widget: a bare echo over the widget's transport. A visitor holds an SSE
// stream (GET /stream?v=ID); a POST /send?v=ID writes its text back on that visitor's stream as
// an `event: message`. No database, no framework: what HTTP and SSE alone cost on this machine.
import { createServer, type ServerResponse } from 'node:http';

const port = Number(process.env.PORT ?? 0);
const streams = new Map<string, ServerResponse>();

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const visitor = url.searchParams.get('v') ?? '';
  if (req.method === 'GET' && url.pathname === '/healthz') return void res.end('ok');
  if (req.method === 'GET' && url.pathname === '/stream') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.write('event: ready\ndata: {}\n\n');
    streams.set(visitor, res);
    res.on('close', () => streams.get(visitor) === res && streams.delete(visitor));
    return;
  }
  if (req.method === 'POST' && url.pathname === '/send') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const text = (JSON.parse(body) as { text: string }).text;
      streams.get(visitor)?.write(`event: message\ndata: ${JSON.stringify({ from: 'business', text })}\n\n`);
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{}');
    });
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
