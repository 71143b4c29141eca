// GET /{phone-number-id} over HTTP (what "Test connection" calls).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PHONE, startTestSandbox, TOKEN, type TestSandbox } from '../test-helpers.ts';

let sim: TestSandbox;
before(async () => {
  sim = await startTestSandbox({ statusWebhooks: false });
});
after(() => sim.close());

test('default fields, id last', async () => {
  const r = await sim.get(`/graph/v23.0/${PHONE}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { display_phone_number: '+1 555-765-4321', verified_name: 'Lucky Parcel Ltd', quality_rating: 'GREEN', id: PHONE });
});

test('fields= as in META-PLATFORM 8 (v25); v23 does not know the messaging limit field', async () => {
  const fields = 'display_phone_number,verified_name,quality_rating,status,platform_type,throughput,whatsapp_business_manager_messaging_limit';
  const r = await sim.get(`/graph/v25.0/${PHONE}?fields=${fields}`);
  assert.deepEqual(r.body, {
    display_phone_number: '+1 555-765-4321', verified_name: 'Lucky Parcel Ltd', quality_rating: 'GREEN', status: 'CONNECTED',
    platform_type: 'CLOUD_API', throughput: { level: 'STANDARD' }, whatsapp_business_manager_messaging_limit: 'TIER_2K', id: PHONE,
  });
  const old = await sim.get(`/graph/v23.0/${PHONE}?fields=${fields}`);
  assert.equal(old.status, 400);
  assert.equal(old.body.error.code, 100);
  assert.match(old.body.error.message, /nonexisting field \(whatsapp_business_manager_messaging_limit\)/);
  const tier = await sim.get(`/graph/v23.0/${PHONE}?fields=messaging_limit_tier`);
  assert.deepEqual(tier.body, { messaging_limit_tier: 'TIER_2K', id: PHONE });
});

test('registered attributes are returned; ?access_token works like the header', async () => {
  await sim.control('POST', '/numbers', { phone_number_id: '42', waba_id: '43', quality_rating: 'YELLOW', status: 'FLAGGED', access_token: 'tok42' });
  const r = await sim.get(`/graph/v23.0/42?fields=quality_rating,status&access_token=tok42`, null);
  assert.deepEqual(r.body, { quality_rating: 'YELLOW', status: 'FLAGGED', id: '42' });
});

test('failures: 190 for a wrong token, 100/33 for an unknown id', async () => {
  const bad = await sim.get(`/graph/v23.0/${PHONE}`, 'wrong');
  assert.equal(bad.status, 401);
  assert.equal(bad.body.error.code, 190);
  const unknown = await sim.get('/graph/v23.0/777', TOKEN);
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.error_subcode, 33);
  assert.match(unknown.body.error.message, /^Unsupported get request\./);
});
