import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';

// The team's canned replies through the API: shared, one shortcut per workspace (409), and filled
// for a conversation when asked.
describe('canned replies', () => {
  let app: TestApp;
  let token: string;
  const call = (method: string, path: string, json?: unknown) => app.call(method, path, token, json);

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    await app.ctx.db('users').update({ name: 'Vikram' });
  });
  after(() => app?.stop());

  it('creates, lists by shortcut, edits and deletes; a taken shortcut is a 409', async () => {
    const a = await call('POST', '/api/canned-replies', { shortcut: 'Thanks', body: 'Thank you {{contact.name}}!' });
    assert.equal(a.status, 201, a.text);
    assert.deepEqual([a.body.shortcut, a.body.body, a.body.createdBy.name, a.body.filled], ['thanks', 'Thank you {{contact.name}}!', 'Vikram', null]);
    const b = await call('POST', '/api/canned-replies', { shortcut: 'hours', body: 'We open at 10.' });
    assert.equal(b.status, 201);
    const dup = await call('POST', '/api/canned-replies', { shortcut: 'thanks', body: 'again' });
    assert.deepEqual([dup.status, dup.body.error.code], [409, 'duplicate_shortcut']);
    assert.match(dup.body.error.message, /\/thanks is taken/);
    assert.deepEqual((await call('GET', '/api/canned-replies')).body.items.map((r: any) => r.shortcut), ['hours', 'thanks']);
    assert.deepEqual((await call('GET', '/api/canned-replies?prefix=th')).body.items.map((r: any) => r.shortcut), ['thanks']);
    assert.deepEqual((await call('GET', '/api/canned-replies?prefix=_')).body.items, [], 'a prefix is not a LIKE pattern');

    const renamed = await call('PATCH', `/api/canned-replies/${b.body.id}`, { shortcut: 'opening-hours' });
    assert.deepEqual([renamed.status, renamed.body.shortcut, renamed.body.body], [200, 'opening-hours', 'We open at 10.']);
    assert.equal((await call('PATCH', `/api/canned-replies/${b.body.id}`, { shortcut: 'thanks' })).status, 409);
    assert.equal((await call('PATCH', `/api/canned-replies/${b.body.id}`, { body: 'We open at 9.' })).body.body, 'We open at 9.');
    assert.equal((await call('DELETE', `/api/canned-replies/${b.body.id}`)).status, 204);
    assert.equal((await call('DELETE', `/api/canned-replies/${b.body.id}`)).status, 404);
    assert.equal((await call('PATCH', `/api/canned-replies/${b.body.id}`, { body: 'x' })).status, 404);
  });

  it('refuses bad shortcuts and bodies with a reason', async () => {
    for (const [body, reason] of [
      [{ shortcut: '-x', body: 'a' }, /shortcut is 1-32 letters/],
      [{ shortcut: 'a b', body: 'a' }, /shortcut is 1-32 letters/],
      [{ shortcut: 'x'.repeat(33), body: 'a' }, /shortcut/],
      [{ shortcut: 'ok', body: '  ' }, /body must not be empty/],
      [{ shortcut: 'ok' }, /body/],
    ] as const) {
      const r = await call('POST', '/api/canned-replies', body);
      assert.equal(r.status, 400, r.text);
      assert.match(r.body.error.message, reason);
    }
  });

  it("fills the variables for a conversation: the customer's name and number, the agent, the account", async () => {
    await call('POST', '/api/accounts', { displayName: 'Lucky Parcel', phoneNumberId: '555000451', wabaId: '660000000451', accessToken: 'sandbox-x', sandbox: true });
    await app.sandbox('POST', '/control/inbound', { phone_number_id: '555000451', from: '919800045001', name: 'Asha Rao', type: 'text', text: 'hi', flush: true });
    const conv = await waitFor('the conversation', async () => (await call('GET', '/api/inbox/conversations')).body.items[0], (c) => !!c);
    await call('POST', '/api/canned-replies', { shortcut: 'hello', body: 'Hi {{contact.first_name}}, {{agent.name}} from {{account.name}} ({{contact.phone}}). Order {{order.id}}' });
    const items = (await call('GET', `/api/canned-replies?conversationId=${conv.id}&prefix=hello`)).body.items;
    assert.equal(items[0].filled, 'Hi Asha, Vikram from Lucky Parcel (+919800045001). Order {{order.id}}');
    assert.equal((await call('GET', '/api/canned-replies?conversationId=00000000-0000-4000-8000-000000000000')).status, 404);
  });
});
