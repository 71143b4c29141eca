import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../test/harness.ts';
import type { NotificationPageView } from './present.ts';
import { notify } from './service.ts';

describe('notifications API', () => {
  let app: TestApp;
  let token: string;
  const get = async (path: string) => (await (await app.request(path, { token })).json()) as NotificationPageView;

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    for (let i = 0; i < 60; i++) {
      await notify(app.ctx, { workspaceId: app.ctx.defaultWorkspaceId, type: 'test', title: `n${i}`, message: `message ${i}`, actionUrl: `/campaigns/${i}` });
    }
  });
  after(() => app.stop());

  it('shows the last 50, newest first, and Load more returns the rest without overlap', async () => {
    const first = await get('/api/notifications');
    assert.equal(first.items.length, 50);
    assert.equal(first.items[0]!.title, 'n59');
    assert.deepEqual(
      { ...first.items[0]!, id: '', createdAt: '' },
      { id: '', type: 'test', title: 'n59', message: 'message 59', actionUrl: '/campaigns/59', relatedEntityType: null, relatedEntityId: null, isRead: false, createdAt: '' },
      'camelCase, as the presenter shows it',
    );
    assert.ok(!Number.isNaN(Date.parse(first.items[0]!.createdAt)));
    assert.equal(first.unreadCount, 60);
    assert.ok(first.nextCursor);
    const second = await get(`/api/notifications?cursor=${first.nextCursor}`);
    assert.equal(second.items.length, 10);
    assert.equal(second.nextCursor, null);
    const titles = new Set([...first.items, ...second.items].map((n) => n.title));
    assert.equal(titles.size, 60);
  });

  it('marks one read, then several, then all', async () => {
    const { items } = await get('/api/notifications');
    const one = await app.request(`/api/notifications/${items[0]!.id}/read`, { method: 'POST', token });
    assert.deepEqual(await one.json(), { updated: 1 });
    assert.equal((await get('/api/notifications')).unreadCount, 59);
    const bulk = await app.request('/api/notifications/read', { method: 'POST', token, json: { ids: items.slice(1, 4).map((n) => n.id) } });
    assert.deepEqual(await bulk.json(), { updated: 3 });
    const all = await app.request('/api/notifications/read', { method: 'POST', token, json: { all: true } });
    assert.deepEqual(await all.json(), { updated: 56 });
    assert.equal((await get('/api/notifications')).unreadCount, 0);
  });

  it('rejects a bad id, cursor or body with 400', async () => {
    assert.equal((await app.request('/api/notifications/not-a-uuid/read', { method: 'POST', token })).status, 400);
    assert.equal((await app.request('/api/notifications?cursor=abc', { token })).status, 400);
    assert.equal((await app.request('/api/notifications/read', { method: 'POST', token, json: { ids: [] } })).status, 400);
  });
});
