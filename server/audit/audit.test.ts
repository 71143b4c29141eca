import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../test/harness.ts';

// Admin actions land in the audit log, newest first, with who did them, and never with a secret.

const LLM_KEY = 'sk-audit-secret-key-0123456789';
const ACCOUNT_TOKEN = 'sandbox-audit-token-first';
const AGENT_PASSWORD = 'agent-password-secret-1';

describe('audit log', () => {
  let app: TestApp;
  let admin: string;
  let adminId: string;
  let agentId: string;
  let inviteToken: string;

  before(async () => {
    app = await startTestApp({ ROLE: 'web' });
    admin = await app.login();
    adminId = (await app.call('GET', '/api/me', admin)).body.user.id;
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await app.call(method, path, admin, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return res.body;
    };

    const invited = await ok('POST', '/api/team/invites', { email: 'eve@example.com', role: 'agent' });
    inviteToken = invited.path.split('#')[1];
    const session = await app.call('POST', '/api/invites/accept', '', { token: inviteToken, name: 'Eve', password: AGENT_PASSWORD });
    agentId = session.body.user.id;
    await ok('PUT', `/api/team/members/${agentId}/role`, { role: 'admin' });
    await ok('PUT', `/api/team/members/${agentId}/role`, { role: 'agent' });
    const spare = await ok('POST', '/api/team/invites', { email: 'spare@example.com', role: 'admin' });
    await ok('DELETE', `/api/team/invites/${spare.invite.id}`);

    await ok('PUT', '/api/settings/llm', { apiKey: LLM_KEY, model: 'gpt-4o-mini' });
    await ok('PUT', '/api/settings/inbox', { autoAssign: true });
    await ok('POST', '/api/credits', { amount: 50 });
    const account = await ok('POST', '/api/accounts', { displayName: 'Audit shop', phoneNumberId: '100000000777', wabaId: '660000000777', accessToken: ACCOUNT_TOKEN, sandbox: true });
    await ok('PUT', `/api/accounts/${account.id}/token`, { accessToken: ACCOUNT_TOKEN });
    const rule = await ok('POST', '/api/rules', { name: 'hours', keywords: ['hours'], reply: 'Open 9 to 6.' });
    await ok('DELETE', `/api/rules/${rule.id}`);
    await ok('DELETE', `/api/accounts/${account.id}`);
    await ok('DELETE', `/api/team/members/${agentId}`);
  });
  after(async () => {
    await app?.stop();
  });

  it('records each admin action with its actor, newest first', async () => {
    const page = await app.call('GET', '/api/audit?limit=200', admin);
    assert.equal(page.status, 200, page.text);
    const actions = page.body.items.map((e: { action: string }) => e.action).reverse();
    assert.deepEqual(actions, [
      'invite.created',
      'invite.accepted',
      'user.role_changed',
      'user.role_changed',
      'invite.created',
      'invite.revoked',
      'settings.llm_changed',
      'settings.inbox_changed',
      'credits.added',
      'account.added',
      'account.token_updated',
      'rule.deleted',
      'account.deleted',
      'user.removed',
    ]);
    const byAction = (a: string) => page.body.items.find((e: { action: string }) => e.action === a);
    assert.deepEqual(byAction('user.removed').actor, { id: adminId, email: 'admin@example.com', name: null });
    assert.equal(byAction('user.removed').targetId, agentId);
    assert.match(byAction('user.removed').detail, /eve@example\.com \(agent\)/);
    assert.equal(byAction('invite.accepted').actor.id, agentId);
    assert.match(byAction('user.role_changed').detail, /eve@example\.com: admin -> agent/);
    assert.equal(byAction('settings.llm_changed').detail, 'fields: apiKey, model');
    assert.equal(byAction('rule.deleted').detail, 'hours');
    // An invite is written in the transaction of the change: a refused one leaves no entry.
    assert.equal((await app.call('POST', '/api/team/invites', admin, { email: 'admin@example.com', role: 'agent' })).status, 409);
    assert.equal((await app.call('GET', '/api/audit?limit=200', admin)).body.items.length, page.body.items.length);
  });

  it('never stores a secret: tokens, keys and passwords stay out of every entry', async () => {
    const rows = JSON.stringify(await app.ctx.db('audit_log').select('*'));
    for (const secret of [LLM_KEY, ACCOUNT_TOKEN, AGENT_PASSWORD, inviteToken]) assert.ok(!rows.includes(secret), `audit_log holds ${secret.slice(0, 12)}...`);
  });

  it('filters by action and by actor, and pages without gaps or repeats', async () => {
    const roles = await app.call('GET', '/api/audit?action=user.role_changed', admin);
    assert.deepEqual(roles.body.items.map((e: { action: string }) => e.action), ['user.role_changed', 'user.role_changed']);
    const byAgent = await app.call('GET', `/api/audit?actorId=${agentId}`, admin);
    assert.deepEqual(byAgent.body.items.map((e: { action: string }) => e.action), ['invite.accepted']);
    assert.equal((await app.call('GET', '/api/audit?action=nope', admin)).status, 400);
    assert.equal((await app.call('GET', '/api/audit?actorId=nope', admin)).status, 400);

    const all = (await app.call('GET', '/api/audit?limit=200', admin)).body.items.map((e: { id: string }) => e.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await app.call('GET', `/api/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`, admin);
      paged.push(...res.body.items.map((e) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.deepEqual(paged, all);
  });
});
