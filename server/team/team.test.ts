import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, startTestApp, type TestApp } from '../test/harness.ts';

// Invites, roles and removal through the API, as an admin and as the people invited.

const PASSWORD = 'agent-password-1';

describe('team: invites, roles, removal', () => {
  let app: TestApp;
  let admin: string;

  before(async () => {
    app = await startTestApp({ ROLE: 'web' });
    admin = await app.login();
  });
  after(async () => {
    await app?.stop();
  });

  const invite = (email: string, role = 'agent', name?: string) => app.call('POST', '/api/team/invites', admin, { email, role, ...(name ? { name } : {}) });
  const tokenOf = (path: string) => path.split('#')[1]!;
  const accept = (token: string, name = 'Ana Agent', password = PASSWORD) => app.call('POST', '/api/invites/accept', '', { token, name, password });
  const lookup = (token: string) => app.call('POST', '/api/invites/lookup', '', { token });
  async function join(email: string, role = 'agent') {
    const made = await invite(email, role);
    assert.equal(made.status, 201, made.text);
    const session = await accept(tokenOf(made.body.path));
    assert.equal(session.status, 200, session.text);
    return session.body as { accessToken: string; refreshToken: string; user: { id: string; role: string } };
  }
  const memberId = async (email: string) => (await app.call('GET', '/api/team', admin)).body.members.find((m: { email: string }) => m.email === email)?.id as string | undefined;

  it('an invite link, opened once, sets a name and password and signs the agent in', async () => {
    const made = await invite('Ana@Example.com', 'agent', 'Ana');
    assert.equal(made.status, 201, made.text);
    assert.match(made.body.path, /^\/invite#[A-Za-z0-9_-]{40,}$/);
    assert.equal(made.body.invite.email, 'ana@example.com');
    const expires = Date.parse(made.body.invite.expiresAt) - Date.now();
    assert.ok(expires > 6.9 * 86400_000 && expires <= 7 * 86400_000, `valid 7 days, got ${expires} ms`);
    const token = tokenOf(made.body.path);
    // Stored only hashed.
    assert.equal(await app.ctx.db('team_invites').where({ token_hash: token }).first(), undefined);

    const seen = await lookup(token);
    assert.equal(seen.status, 200, seen.text);
    assert.deepEqual([seen.body.email, seen.body.role, seen.body.name], ['ana@example.com', 'agent', 'Ana']);
    assert.equal((await app.call('GET', '/api/team', admin)).body.invites.length, 1);

    const short = await accept(token, 'Ana', 'short');
    assert.equal(short.status, 400);
    assert.match(short.body.error.message, /at least 10 characters/);

    const session = await accept(token);
    assert.equal(session.status, 200, session.text);
    assert.equal(session.body.user.role, 'agent');
    const me = await app.call('GET', '/api/me', session.body.accessToken);
    assert.deepEqual([me.status, me.body.user.role], [200, 'agent']);
    // The password works for a normal sign-in afterwards.
    assert.equal((await app.call('POST', '/api/auth/login', '', { email: 'ana@example.com', password: PASSWORD })).status, 200);

    const again = await accept(token);
    assert.deepEqual([again.status, again.body.error.code], [410, 'invite_used']);
    assert.deepEqual([(await lookup(token)).status, (await lookup(token)).body.error.code], [410, 'invite_used']);
    const team = (await app.call('GET', '/api/team', admin)).body;
    assert.equal(team.invites.length, 0);
    const ana = team.members.find((m: { email: string }) => m.email === 'ana@example.com');
    assert.deepEqual([ana.name, ana.role, ana.availability, typeof ana.lastLoginAt], ['Ana Agent', 'agent', 'offline', 'string']);
  });

  it('refuses an email already on the team or already invited (409), and unknown tokens (404)', async () => {
    assert.deepEqual([(await invite(ADMIN.email)).status, (await invite(ADMIN.email.toUpperCase())).body.error.code], [409, 'user_exists']);
    assert.equal((await invite('dup@example.com')).status, 201);
    const dup = await invite('DUP@example.com', 'admin');
    assert.deepEqual([dup.status, dup.body.error.code], [409, 'invite_exists']);
    const unknown = await lookup('x'.repeat(43));
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'invite_not_found']);
    assert.equal((await accept('x'.repeat(43))).status, 404);
    assert.equal((await lookup('bad token!')).status, 400);
  });

  it('an expired link says so; re-issuing gives a new link and the old one stops working', async () => {
    const made = await invite('late@example.com');
    const old = tokenOf(made.body.path);
    await app.ctx.db('team_invites').where({ id: made.body.invite.id }).update({ expires_at: new Date(Date.now() - 1000) });
    const expired = await accept(old);
    assert.deepEqual([expired.status, expired.body.error.code], [410, 'invite_expired']);
    assert.match(expired.body.error.message, /expired/);
    assert.equal((await app.call('GET', '/api/team', admin)).body.invites.find((i: { id: string }) => i.id === made.body.invite.id).expired, true);

    const reissued = await app.call('POST', `/api/team/invites/${made.body.invite.id}/reissue`, admin);
    assert.equal(reissued.status, 200, reissued.text);
    assert.equal(reissued.body.invite.expired, false);
    assert.notEqual(tokenOf(reissued.body.path), old);
    assert.equal((await lookup(old)).status, 404);
    assert.equal((await accept(tokenOf(reissued.body.path))).status, 200);
  });

  it('a revoked link says so, and cannot be revoked or re-issued again', async () => {
    const made = await invite('gone@example.com');
    assert.equal((await app.call('DELETE', `/api/team/invites/${made.body.invite.id}`, admin)).status, 204);
    const revoked = await accept(tokenOf(made.body.path));
    assert.deepEqual([revoked.status, revoked.body.error.code], [410, 'invite_revoked']);
    assert.equal((await app.call('DELETE', `/api/team/invites/${made.body.invite.id}`, admin)).status, 409);
    assert.equal((await app.call('POST', `/api/team/invites/${made.body.invite.id}/reissue`, admin)).status, 409);
    // A revoked invite frees the email for a new one.
    assert.equal((await invite('gone@example.com')).status, 201);
  });

  it('roles: an admin promotes and demotes others, never themselves, and the last admin stays', async () => {
    const adminId = (await memberId(ADMIN.email))!;
    const solo = await app.call('PUT', `/api/team/members/${adminId}/role`, admin, { role: 'agent' });
    assert.deepEqual([solo.status, solo.body.error.code], [409, 'last_admin']);
    assert.equal((await app.call('DELETE', `/api/team/members/${adminId}`, admin)).body.error.code, 'last_admin');

    const bob = await join('bob@example.com');
    assert.equal((await app.call('GET', '/api/team', bob.accessToken)).status, 403);
    const promoted = await app.call('PUT', `/api/team/members/${bob.user.id}/role`, admin, { role: 'admin' });
    assert.deepEqual([promoted.status, promoted.body.role], [200, 'admin']);
    // Applies to Bob's current session at once: he may now manage the team.
    assert.equal((await app.call('GET', '/api/team', bob.accessToken)).status, 200);
    const self = await app.call('PUT', `/api/team/members/${adminId}/role`, admin, { role: 'agent' });
    assert.deepEqual([self.status, self.body.error.code], [409, 'own_role']);
    assert.equal((await app.call('DELETE', `/api/team/members/${adminId}`, admin)).body.error.code, 'remove_self');
    // Bob demotes the first admin: Bob is then the last admin, and the demoted one is an agent.
    assert.equal((await app.call('PUT', `/api/team/members/${adminId}/role`, bob.accessToken, { role: 'agent' })).status, 200);
    assert.equal((await app.call('GET', '/api/team', admin)).status, 403);
    assert.equal((await app.call('PUT', `/api/team/members/${bob.user.id}/role`, bob.accessToken, { role: 'agent' })).body.error.code, 'last_admin');
    assert.equal((await app.call('PUT', `/api/team/members/${adminId}/role`, bob.accessToken, { role: 'admin' })).status, 200);
    assert.equal((await app.call('GET', '/api/team', admin)).status, 200);
    assert.equal((await app.call('PUT', `/api/team/members/${adminId}/role`, admin, { role: 'owner' })).status, 400);
    assert.equal((await app.call('PUT', `/api/team/members/00000000-0000-4000-8000-000000000000/role`, admin, { role: 'agent' })).status, 404);
  });

  it('removing someone ends their sessions, unassigns their conversations, and keeps them out until invited again', async () => {
    const cara = await join('cara@example.com');
    const ws = app.ctx.defaultWorkspaceId;
    const db = app.ctx.db;
    const [account] = await db('channel_accounts').insert({ workspace_id: ws, display_name: 'Shop', external_id: 'pn-team-1', waba_id: 'w', access_token_enc: 'sealed' }).returning('id');
    const [person] = await db('contacts').insert({ workspace_id: ws, name: 'Customer' }).returning('id');
    const [identity] = await db('contact_identities').insert({ workspace_id: ws, contact_id: person.id, external_id: '919800000001' }).returning('id');
    const [conversation] = await db('conversations').insert({ workspace_id: ws, account_id: account.id, identity_id: identity.id, assignee_id: cara.user.id }).returning('id');
    assert.equal((await app.call('GET', '/api/me', cara.accessToken)).status, 200);

    const removed = await app.call('DELETE', `/api/team/members/${cara.user.id}`, admin);
    assert.deepEqual([removed.status, removed.body], [200, { unassignedConversations: 1 }]);
    assert.equal((await app.call('GET', '/api/me', cara.accessToken)).status, 401);
    assert.equal((await app.call('POST', '/api/auth/refresh', '', { refreshToken: cara.refreshToken })).status, 401);
    assert.equal((await app.call('POST', '/api/auth/login', '', { email: 'cara@example.com', password: PASSWORD })).status, 401);
    assert.equal((await db('conversations').where({ id: conversation.id }).first()).assignee_id, null);
    const event = await db('conversation_events').where({ conversation_id: conversation.id, type: 'assigned' }).first();
    assert.deepEqual(event.detail, { from: cara.user.id, to: null, reason: 'removed_from_team' });
    assert.equal(await memberId('cara@example.com'), undefined);
    assert.equal((await app.call('DELETE', `/api/team/members/${cara.user.id}`, admin)).status, 404);

    // Invited again, the same person comes back with their history (same user id).
    const back = await join('cara@example.com');
    assert.equal(back.user.id, cara.user.id);
    assert.equal((await app.call('GET', '/api/me', back.accessToken)).status, 200);
  });

  it('agents cannot manage the team or read the audit log', async () => {
    const dan = await join('dan@example.com');
    for (const [method, path, body] of [
      ['GET', '/api/team'],
      ['POST', '/api/team/invites', { email: 'x@example.com', role: 'admin' }],
      ['PUT', `/api/team/members/${dan.user.id}/role`, { role: 'admin' }],
      ['DELETE', `/api/team/members/${dan.user.id}`],
      ['GET', '/api/audit'],
    ] as const) {
      const res = await app.call(method, path, dan.accessToken, body);
      assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
    }
  });
});
