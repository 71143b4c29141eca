import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { publishChange, type Change } from './hub.ts';
import { signalDelay } from './signals.ts';

const TOPICS: Change['topic'][] = ['inbox', 'templates', 'numbers', 'campaigns', 'notifications', 'leads'];

describe('signalDelay (one live signal write per topic per gap)', () => {
  it('writes at once when the topic was never written or the gap has passed', () => {
    assert.equal(signalDelay(undefined, false, 5_000, 1000), 0);
    assert.equal(signalDelay(4_000, false, 5_000, 1000), 0);
    assert.equal(signalDelay(1_000, false, 5_000, 1000), 0);
  });

  it('inside the gap, schedules one write at its end', () => {
    for (let elapsed = 0; elapsed < 1000; elapsed += 50) assert.equal(signalDelay(10_000, false, 10_000 + elapsed, 1000), 1000 - elapsed);
  });

  it('adds nothing while a write is scheduled: that write carries the change', () => {
    for (const last of [undefined, 0, 9_999]) assert.equal(signalDelay(last, true, 10_000, 1000), null);
  });
});

async function signals(app: TestApp): Promise<Map<string, number>> {
  const rows = await app.ctx.db('live_signals').where({ workspace_id: app.ctx.defaultWorkspaceId }).select('topic', 'changed_at');
  return new Map(rows.map((r: { topic: string; changed_at: Date }) => [r.topic, r.changed_at.getTime()]));
}

describe('live signals in Supabase mode', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ SUPABASE_URL: 'http://supabase.test', SUPABASE_ANON_KEY: 'anon-key-for-tests-0123456789', SUPABASE_JWT_SECRET: 'x'.repeat(40) });
  });
  after(() => app.stop());

  it('relays a change of every topic the dashboard shows into live_signals', async () => {
    for (const topic of TOPICS) await publishChange(app.ctx.db, { workspaceId: app.ctx.defaultWorkspaceId, topic, action: 'update', id: null });
    const seen = await waitFor('a signal per topic', () => signals(app), (m) => m.size === TOPICS.length);
    assert.deepEqual([...seen.keys()].sort(), [...TOPICS].sort());
  });

  it('a burst of changes is written at once and once more at the end of the gap, so the last change is not lost', async () => {
    const ws = app.ctx.defaultWorkspaceId;
    const before = (await signals(app)).get('campaigns')!;
    await publishChange(app.ctx.db, { workspaceId: ws, topic: 'campaigns', action: 'update', id: null });
    const first = await waitFor('the leading write', () => signals(app), (m) => m.get('campaigns')! > before);
    for (let i = 0; i < 20; i++) await publishChange(app.ctx.db, { workspaceId: ws, topic: 'campaigns', action: 'update', id: null });
    const last = await waitFor('the trailing write', () => signals(app), (m) => m.get('campaigns')! > first.get('campaigns')!);
    assert.ok(last.get('campaigns')! - first.get('campaigns')! >= 900, 'the trailing write waited for the gap');
  });
});

describe('live signals in local mode', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  it('are not written: the dashboard listens over SSE', async () => {
    const events = await app.request('/api/events', { token: await app.login() });
    await waitFor('the SSE subscriber', async () => app.ctx.hub.subscriberCount, (n) => n > 0);
    await publishChange(app.ctx.db, { workspaceId: app.ctx.defaultWorkspaceId, topic: 'inbox', action: 'update', id: null });
    const reader = events.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: change')) text += decoder.decode((await reader.read()).value);
    await reader.cancel();
    assert.equal((await signals(app)).size, 0);
  });
});
