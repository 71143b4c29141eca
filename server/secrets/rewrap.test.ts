import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { decryptSecret } from '../lib/crypto.ts';
import { loadLlmSettings } from '../settings/llm.ts';
import { createTestDatabase, startTestApp, type TestApp } from '../test/harness.ts';
import { ACCOUNT_TOKEN, settingBinding } from './bindings.ts';
import { rewrapLegacySecrets } from './rewrap.ts';

/** The v1 format (no AAD) that installs from before bindings have in their database. */
function sealV1(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

describe('boot rewraps v1 secrets to column-bound v2', () => {
  const keyHex = randomBytes(32).toString('hex');
  const key = Buffer.from(keyHex, 'hex');
  const apps: TestApp[] = [];
  after(async () => {
    for (const a of apps) await a.stop();
  });

  it('a restarted app finds its old tokens and LLM key re-sealed, bound, and still usable', async () => {
    const env = { DATABASE_URL: await createTestDatabase(), ENCRYPTION_KEY: keyHex };
    const first = await startTestApp(env);
    apps.push(first);
    const ws = first.ctx.defaultWorkspaceId;
    const [n] = await first.ctx.db('channel_accounts')
      .insert({ workspace_id: ws, display_name: 'Old', external_id: '7001', waba_id: '1', access_token_enc: sealV1(key, 'EAAG-old-token') })
      .returning('id');
    const foreign = sealV1(randomBytes(32), 'EAAG-sealed-with-another-key');
    const [lost] = await first.ctx.db('channel_accounts')
      .insert({ workspace_id: ws, display_name: 'Lost', external_id: '7002', waba_id: '1', access_token_enc: foreign })
      .returning('id');
    await first.ctx.db('settings').insert({ workspace_id: ws, key: 'llm.api_key', value: JSON.stringify(sealV1(key, 'sk-old-key')), is_secret: true });
    await first.ctx.db('settings').insert({ workspace_id: ws, key: 'probe', value: JSON.stringify('v1:not-a-secret'), is_secret: false });
    await first.stop();
    apps.pop();

    const second = await startTestApp(env);
    apps.push(second);
    const db = second.ctx.db;
    const token = (await db('channel_accounts').where({ id: n.id }).first('access_token_enc')).access_token_enc as string;
    assert.match(token, /^v2:/);
    assert.equal(decryptSecret(key, token, ACCOUNT_TOKEN), 'EAAG-old-token');
    assert.throws(() => decryptSecret(key, token, settingBinding('llm.api_key')));
    const llm = (await db('settings').where({ workspace_id: ws, key: 'llm.api_key' }).first('value')).value as string;
    assert.match(llm, /^v2:/);
    assert.equal(decryptSecret(key, llm, settingBinding('llm.api_key')), 'sk-old-key');
    assert.ok(second.logs.some((l) => l.includes('"numberTokens":1') && l.includes('"settings":1')));
    // a setting that is not a secret is left alone, and a second run has nothing to do
    assert.equal((await db('settings').where({ key: 'probe' }).first('value')).value, 'v1:not-a-secret');
    // a value this key cannot open does not stop the boot: it is named in the log and left alone
    assert.equal((await db('channel_accounts').where({ id: lost.id }).first('access_token_enc')).access_token_enc, foreign);
    assert.ok(second.logs.some((l) => l.includes('do not open with ENCRYPTION_KEY') && l.includes(`channel_accounts ${lost.id}`)));
    assert.ok(!second.logs.join('').includes('EAAG'));
    assert.deepEqual(await rewrapLegacySecrets(db, key), { numberTokens: 0, settings: 0, unreadable: [`channel_accounts ${lost.id}`] });

    const auth = await second.login();
    const settings = await (await second.request('/api/settings/llm', { token: auth })).json();
    assert.equal(settings.apiKeySet, true);
  });

  it('a value copied from one column into another no longer works there', async () => {
    const app = apps[0]!;
    const ws = app.ctx.defaultWorkspaceId;
    const token = (await app.ctx.db('channel_accounts').where({ workspace_id: ws, external_id: '7001' }).first('access_token_enc')).access_token_enc as string;
    // an attacker with write access to the table plants the number's token as the LLM key
    await app.ctx.db('settings').where({ workspace_id: ws, key: 'llm.api_key' }).update({ value: JSON.stringify(token) });
    await assert.rejects(loadLlmSettings(app.ctx, ws), /unable to authenticate/);
  });
});
