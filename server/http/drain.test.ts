import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDrainableServer } from './drain.ts';

// The HTTP half of a graceful stop, over real sockets: no new connections, requests already running
// finish and close their connection, event streams are ended, and a request still running at the
// deadline is cut and reported. (Node closes idle keep-alive connections itself once the server
// closes, so the 503 for a request reaching the handler during the drain only covers a race.)

function get(port: number, path: string, agent: Agent): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Far above what the work takes (a 400 ms request), so finishing early is told apart from waiting it out even on a loaded machine. */
const DRAIN_DEADLINE_MS = 20_000;

/** A promise the server handler resolves when a request reached it. */
function signal(): { fire(): void; done: Promise<void> } {
  let fire!: () => void;
  const done = new Promise<void>((r) => (fire = r));
  return { fire, done };
}

describe('HTTP drain', () => {
  it('lets in-flight requests finish, refuses new ones with 503 + Connection: close, ends event streams', async () => {
    const arrived = { slow: signal(), events: signal() };
    const { server, drain } = createDrainableServer((req, res) => {
      if (req.url === '/slow') {
        arrived.slow.fire();
        setTimeout(() => res.end('done'), 400);
      } else if (req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': hi\n\n');
        arrived.events.fire();
      } else res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const events = new Agent({ keepAlive: true });

    assert.equal((await get(port, '/fast', agent)).status, 200); // leaves one kept-alive socket
    const streamEnded = new Promise<void>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/events', agent: events, headers: { accept: 'text/event-stream' } }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve());
      }).end();
    });
    await arrived.events.done;
    const slow = get(port, '/slow', new Agent({ keepAlive: true }));
    await arrived.slow.done;

    const started = Date.now();
    const drained = drain(DRAIN_DEADLINE_MS);
    const refused = await get(port, '/fast', new Agent({ keepAlive: true })).catch((err: NodeJS.ErrnoException) => err.code);
    assert.equal(refused, 'ECONNREFUSED', 'no new connections once draining');
    const slowRes = await slow;
    assert.equal(slowRes.status, 200);
    assert.equal(slowRes.body, 'done', 'the in-flight request finished');
    assert.equal(slowRes.headers.connection, 'close', 'and its connection closes after it');
    await streamEnded;
    assert.deepEqual(await drained, { unfinished: 0 });
    assert.ok(Date.now() - started < DRAIN_DEADLINE_MS / 2, 'drained as soon as the work was done, long before the deadline');
    agent.destroy();
    events.destroy();
  });

  it('cuts a request still running at the deadline and reports it', async () => {
    const hungArrived = signal();
    const { server, drain } = createDrainableServer(() => hungArrived.fire()); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const hung = get(port, '/hang', new Agent()).catch((err: NodeJS.ErrnoException) => err.code);
    await hungArrived.done;
    const started = Date.now();
    assert.deepEqual(await drain(300), { unfinished: 1 });
    assert.ok(Date.now() - started < 10_000, 'cut at the deadline, not left hanging');
    assert.equal(await hung, 'ECONNRESET');
  });
});
