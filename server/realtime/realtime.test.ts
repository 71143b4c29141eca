import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { publishChange } from './hub.ts';

/** Reads SSE frames from a fetch body until `until` returns true for the collected events. */
async function readEvents(res: Response, until: (events: Array<{ event: string; data: string }>) => boolean, timeoutMs = 30_000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ event: string; data: string }> = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!until(events)) {
    if (Date.now() > deadline) {
      await reader.cancel(); // a stream left open would hold its subscriber and fail the next test too
      throw new Error(`timed out; got ${JSON.stringify(events)}`);
    }
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let idx;
    while ((idx = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event) events.push({ event, data: data ?? '' });
    }
  }
  await reader.cancel();
  return events;
}

describe('live updates over SSE', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  it('needs a token', async () => {
    assert.equal((await app.request('/api/events')).status, 401);
  });

  it('streams changes of the caller workspace published through NOTIFY, and only those', async () => {
    const res = await app.request('/api/events', { token: await app.login() });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/event-stream/);
    const ws = app.ctx.defaultWorkspaceId;
    const waitForSubscriber = async () => {
      while (app.ctx.hub.subscriberCount === 0) await new Promise((r) => setTimeout(r, 10));
    };
    const reading = readEvents(res, (e) => e.some((x) => x.event === 'change'));
    await waitForSubscriber();
    await publishChange(app.ctx.db, { workspaceId: '00000000-0000-0000-0000-000000000000', topic: 'campaigns', action: 'update', id: 'other' });
    await publishChange(app.ctx.db, { workspaceId: ws, topic: 'notifications', action: 'insert', id: 'n1' });
    const events = await reading;
    assert.equal(events[0]!.event, 'ready');
    const changes = events.filter((e) => e.event === 'change').map((e) => JSON.parse(e.data));
    assert.deepEqual(changes, [{ topic: 'notifications', action: 'insert', id: 'n1' }]);
  });

  it('reconnects its LISTEN connection after the database drops it', async () => {
    const listenPids = async () =>
      (await app.ctx.db.raw("select pid from pg_stat_activity where application_name = 'parley-listen' and datname = current_database()")).rows.map((r: { pid: number }) => r.pid);
    const [dropped] = await listenPids();
    await app.ctx.db.raw('select pg_terminate_backend(?)', [dropped]);
    // `connected` stays true until the client notices the drop: wait for a new LISTEN backend, then
    // for the hub to have issued LISTEN on it, or a change published in between is lost.
    await waitFor('a new LISTEN connection', listenPids, (pids) => pids.some((pid: number) => pid !== dropped));
    await waitFor('the LISTEN connection back', async () => app.ctx.hub.connected, (c) => c);
    const res = await app.request('/api/events', { token: await app.login() });
    const reading = readEvents(res, (e) => e.some((x) => x.event === 'change'));
    while (app.ctx.hub.subscriberCount === 0) await new Promise((r) => setTimeout(r, 10));
    await publishChange(app.ctx.db, { workspaceId: app.ctx.defaultWorkspaceId, topic: 'inbox', action: 'insert', id: 'm1' });
    assert.ok((await reading).some((e) => e.event === 'change'));
  });

  it('lets go of a stream whose client left, also when the request carried a body', async () => {
    const token = await app.login();
    await waitFor('earlier streams to be released', async () => app.ctx.hub.subscriberCount, (n) => n === 0);
    for (const body of [null, '{"a":1}']) {
      // A GET with a body is odd but legal; express.json reads it, which ends the request stream early.
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request(`${app.url}/api/events`, {
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) },
        });
        req.on('response', resolve).on('error', reject).end(body ?? undefined);
      });
      assert.equal(res.statusCode, 200);
      await waitFor('the stream to subscribe', async () => app.ctx.hub.subscriberCount, (n) => n === 1);
      res.destroy();
      await waitFor(`the stream ${body ? 'with' : 'without'} a body to unsubscribe once its client left`, async () => app.ctx.hub.subscriberCount, (n) => n === 0);
    }
  });
});
