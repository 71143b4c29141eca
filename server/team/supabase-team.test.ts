import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { loadConfig } from '../config.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';

// Supabase mode: AGENT_EMAILS admits agents, and an invite is an allowlist entry with its role, so
// an admin adds, promotes and removes people without touching Supabase.

const SECRET = 'supabase-jwt-secret-for-tests-0123456789';
const SUPABASE_URL = 'http://supabase.test';

describe('team in Supabase mode', () => {
  let app: TestApp;
  const ids = new Map<string, string>();
  const token = (email: string) => {
    if (!ids.has(email)) ids.set(email, randomUUID());
    return new SignJWT({ email, role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(ids.get(email)!)
      .setIssuer(`${SUPABASE_URL}/auth/v1`)
      .setAudience('authenticated')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
  };
  const as = async (email: string, method: string, path: string, body?: unknown) => app.call(method, path, await token(email), body);

  before(async () => {
    app = await startTestApp({
      ROLE: 'web',
      SUPABASE_URL,
      SUPABASE_ANON_KEY: 'anon-key-for-tests-0123456789',
      SUPABASE_JWT_SECRET: SECRET,
      ADMIN_EMAILS: 'boss@example.com',
      AGENT_EMAILS: 'Helper@Example.com',
    });
  });
  after(async () => {
    await app?.stop();
  });

  it('reads AGENT_EMAILS like ADMIN_EMAILS', () => {
    assert.deepEqual(loadConfig({ AGENT_EMAILS: ' A@Example.com,b@example.org' }).AGENT_EMAILS, ['a@example.com', 'b@example.org']);
    assert.throws(() => loadConfig({ AGENT_EMAILS: 'a@example.com; b' }), /config error: AGENT_EMAILS must be email addresses/);
  });

  it('admits AGENT_EMAILS as agents, whose role only the environment changes', async () => {
    const me = await as('helper@example.com', 'GET', '/api/me');
    assert.deepEqual([me.status, me.body.user.role], [200, 'agent']);
    assert.equal((await as('helper@example.com', 'GET', '/api/team')).status, 403);
    const team = await as('boss@example.com', 'GET', '/api/team');
    const helper = team.body.members.find((m: { email: string }) => m.email === 'helper@example.com');
    assert.equal(helper.managedBy, 'AGENT_EMAILS');
    const change = await as('boss@example.com', 'PUT', `/api/team/members/${helper.id}/role`, { role: 'admin' });
    assert.deepEqual([change.status, change.body.error.code], [409, 'managed_by_env']);
    assert.match(change.body.error.message, /AGENT_EMAILS/);
    assert.equal((await as('boss@example.com', 'DELETE', `/api/team/members/${helper.id}`)).status, 409);
  });

  it('an invite lets the email in with its role at the first sign-in; role changes and removal follow', async () => {
    const refused = await as('newbie@example.com', 'GET', '/api/me');
    assert.deepEqual([refused.status, refused.body.error.code], [403, 'not_allowed']);
    assert.match(refused.body.error.message, /invite this email/);

    const made = await as('boss@example.com', 'POST', '/api/team/invites', { email: 'newbie@example.com', role: 'agent' });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.body.path, null, 'no link: the person signs in with Supabase');
    const me = await as('newbie@example.com', 'GET', '/api/me');
    assert.deepEqual([me.status, me.body.user.role], [200, 'agent']);
    const team = (await as('boss@example.com', 'GET', '/api/team')).body;
    assert.equal(team.invites.length, 0, 'accepted at the first sign-in');
    const newbie = team.members.find((m: { email: string }) => m.email === 'newbie@example.com');
    assert.equal(newbie.managedBy, null);
    const accepted = (await as('boss@example.com', 'GET', '/api/audit?action=invite.accepted')).body.items;
    assert.equal(accepted[0].actor.id, newbie.id);

    assert.equal((await as('boss@example.com', 'PUT', `/api/team/members/${newbie.id}/role`, { role: 'admin' })).status, 200);
    assert.equal((await as('newbie@example.com', 'GET', '/api/team')).status, 200, 'the new role applies at the next request');
    assert.equal((await as('boss@example.com', 'PUT', `/api/team/members/${newbie.id}/role`, { role: 'agent' })).status, 200);
    assert.equal((await as('newbie@example.com', 'GET', '/api/team')).status, 403);

    assert.equal((await as('boss@example.com', 'DELETE', `/api/team/members/${newbie.id}`)).status, 200);
    const gone = await as('newbie@example.com', 'GET', '/api/me');
    assert.deepEqual([gone.status, gone.body.error.code], [403, 'not_allowed']);
  });

  it('an expired or revoked invite admits nobody', async () => {
    const late = await as('boss@example.com', 'POST', '/api/team/invites', { email: 'late@example.com', role: 'agent' });
    await app.ctx.db('team_invites').where({ id: late.body.invite.id }).update({ expires_at: new Date(Date.now() - 1000) });
    assert.equal((await as('late@example.com', 'GET', '/api/me')).status, 403);
    const revoked = await as('boss@example.com', 'POST', '/api/team/invites', { email: 'revoked@example.com', role: 'admin' });
    assert.equal((await as('boss@example.com', 'DELETE', `/api/team/invites/${revoked.body.invite.id}`)).status, 204);
    assert.equal((await as('revoked@example.com', 'GET', '/api/me')).status, 403);
    // Accepting a link is a local-mode thing.
    assert.equal((await app.call('POST', '/api/invites/accept', '', { token: 'x'.repeat(43), name: 'X', password: 'long-enough-1' })).status, 400);
  });
});
