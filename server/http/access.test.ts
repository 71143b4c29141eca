import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { readOperations, type Operation } from '../test/fuzz/operations.ts';
import { validValue, type JsonSchema } from '../test/fuzz/schema-values.ts';

// Roles on every route: an agent walks /api/openapi.json with plausible requests. Each operation
// publishes who may call it (x-parley-access); every admins-only one answers the agent 403, and no
// members one does. A route added without `access` is admins-only, so this test also keeps the
// published access honest.

interface AccessOp extends Operation {
  access: 'public' | 'members' | 'admins';
  description: string;
}

const SEED = 14;

function plausibleRequest(op: Operation, ids: string[]): { url: string; body?: string } {
  const known = { ids, urls: ['http://127.0.0.1:9/v1'] };
  const one = (schema: JsonSchema) => fc.sample(validValue(schema, known), { seed: SEED, numRuns: 1 })[0];
  let path = op.path;
  for (const p of op.pathParams) path = path.replace(`{${p}}`, ids[0]!);
  const query = new URLSearchParams();
  for (const q of op.query.filter((q) => q.required)) query.set(q.name, String(one(q.schema)));
  const qs = query.toString();
  return { url: qs ? `${path}?${qs}` : path, body: op.json ? JSON.stringify(one(op.json)) : undefined };
}

describe('roles on every API route', () => {
  let app: TestApp;
  let agent: string;
  let ops: AccessOp[];
  let ids: string[];

  before(async () => {
    app = await startTestApp({ ROLE: 'web' });
    const admin = await app.login();
    const invited = await app.call('POST', '/api/team/invites', admin, { email: 'walker@example.com', role: 'agent' });
    const session = await app.call('POST', '/api/invites/accept', '', { token: invited.body.path.split('#')[1], name: 'Walker', password: 'agent-password-1' });
    assert.equal(session.status, 200, session.text);
    agent = session.body.accessToken;
    // A real id for path parameters, so a members operation gets as far as its own checks.
    const account = await app.call('POST', '/api/accounts', admin, { displayName: 'Walk shop', phoneNumberId: '100000000714', wabaId: '660000000714', accessToken: 'sandbox-walk', sandbox: true });
    ids = [account.body.id];
    const doc = await (await app.request('/api/openapi.json')).json();
    ops = readOperations(doc).map((op) => {
      const published = doc.paths[op.path][op.method.toLowerCase()];
      return { ...op, access: published['x-parley-access'], description: published.description };
    });
  });
  after(async () => {
    await app?.stop();
  });

  it('publishes the access of every operation, in a field and in its description', () => {
    assert.ok(ops.length > 40, `only ${ops.length} operations`);
    for (const op of ops) {
      assert.ok(['public', 'members', 'admins'].includes(op.access), `${op.key}: x-parley-access ${op.access}`);
      assert.match(op.description, new RegExp(`^Access: ${op.access}`), op.key);
      assert.equal(op.access === 'public', !op.auth, `${op.key}: public exactly when it needs no token`);
    }
    const accessOf = (key: string) => ops.find((o) => o.key === key)?.access;
    // What the brief of roles says, spot-checked in both directions.
    for (const key of ['GET /api/inbox/conversations', 'GET /api/inbox/conversations/{id}/messages', 'GET /api/leads', 'GET /api/notifications', 'GET /api/labels', 'GET /api/settings/inbox', 'GET /api/events', 'POST /api/auth/password', 'GET /api/me', 'PUT /api/me/availability']) {
      assert.equal(accessOf(key), 'members', key);
    }
    for (const key of ['GET /api/team', 'GET /api/audit', 'POST /api/accounts', 'PUT /api/accounts/{id}/token', 'GET /api/campaigns', 'POST /api/templates/sync', 'PUT /api/settings/llm', 'PUT /api/settings/inbox', 'GET /api/credits', 'GET /api/rules', 'POST /api/labels']) {
      assert.equal(accessOf(key), 'admins', key);
    }
  });

  it('an agent gets 403 from every admins-only operation and never from a members one', { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    const counts = { admins: 0, members: 0 };
    for (const op of ops.filter((o) => o.access !== 'public')) {
      const { url, body } = plausibleRequest(op, ids);
      const headers: Record<string, string> = { authorization: `Bearer ${agent}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const aborter = new AbortController();
      // The event stream answers its headers and then stays open.
      const res = await fetch(app.url + url, { method: op.method, headers, body, signal: aborter.signal });
      const text = op.key === 'GET /api/events' ? '' : await res.text();
      aborter.abort();
      counts[op.access as 'admins' | 'members']++;
      if (op.access === 'admins' && res.status !== 403) wrong.push(`${op.key} (admins) answered ${res.status} ${text.slice(0, 200)}`);
      if (op.access === 'admins' && res.status === 403 && !/Only an admin/.test(text)) wrong.push(`${op.key}: 403 but not the role check: ${text.slice(0, 200)}`);
      if (op.access === 'members' && (res.status === 403 || res.status === 401 || res.status >= 500)) wrong.push(`${op.key} (members) answered ${res.status} ${text.slice(0, 200)}`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(counts.admins > 20 && counts.members > 15, JSON.stringify(counts));
    // The walk did not end the agent's session on the way.
    assert.equal((await app.call('GET', '/api/me', agent)).status, 200);
  });
});
