import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { signLocalAccessToken, localVerifier } from '../auth/tokens.ts';
import { newVisitorId, signVisitorToken, verifyVisitorToken, visitorTokenKey, VISITOR_ID, VISITOR_TOKEN_TTL_SECONDS } from './visitor-token.ts';

describe('web chat visitor tokens', () => {
  const jwtSecret = new TextEncoder().encode(randomBytes(32).toString('hex'));
  const encryptionKey = randomBytes(32);
  const key = visitorTokenKey(jwtSecret, encryptionKey);
  const claims = { visitorId: newVisitorId(), widgetId: randomUUID(), origin: 'https://shop.example.com' };

  it('visitor ids are v_ and 22 random characters', () => {
    const ids = new Set(Array.from({ length: 100 }, newVisitorId));
    assert.equal(ids.size, 100);
    for (const id of ids) assert.match(id, VISITOR_ID);
  });

  it('round-trips the claims for 90 days, then says it expired', async () => {
    const now = Date.UTC(2026, 2, 1);
    const token = await signVisitorToken(key, claims, now);
    assert.deepEqual(await verifyVisitorToken(key, token, now + 89 * 86_400_000), claims);
    assert.deepEqual(await verifyVisitorToken(key, token, now + VISITOR_TOKEN_TTL_SECONDS * 1000 + 1000), { refused: 'The visitor token has expired: open a new session' });
  });

  it('the key is derived: never the JWT secret itself, and a dashboard token is no visitor token (nor the reverse)', async () => {
    assert.notDeepEqual(Buffer.from(key), Buffer.from(jwtSecret));
    const dashboard = await signLocalAccessToken(jwtSecret, { id: randomUUID(), email: 'a@example.com', token_version: 0 });
    assert.ok('refused' in (await verifyVisitorToken(key, dashboard)));
    const visitor = await signVisitorToken(key, claims);
    await assert.rejects(localVerifier(jwtSecret)(visitor));
  });

  it('refuses a token signed with another key, a tampered one, and junk', async () => {
    const other = await signVisitorToken(visitorTokenKey(new TextEncoder().encode('another-secret-of-32-characters!'), encryptionKey), claims);
    const good = await signVisitorToken(key, claims);
    const [h, p, s] = good.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), wid: randomUUID() })).toString('base64url')}.${s}`;
    for (const t of [other, forged, 'junk', '', 'a.b.c']) assert.ok('refused' in (await verifyVisitorToken(key, t)), t.slice(0, 20));
  });

  it('without a JWT secret of ours (Supabase mode) the encryption key is the root, never an empty secret', () => {
    const a = visitorTokenKey(new Uint8Array(), encryptionKey);
    const b = visitorTokenKey(new Uint8Array(), randomBytes(32));
    assert.notDeepEqual(Buffer.from(a), Buffer.from(b));
  });
});
