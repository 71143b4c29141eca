// GET /{waba-id}/message_templates paging over a seeded, mutated store; control mutations and
// the template webhooks they emit; Graph create/delete/edit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SECRET, simulatorWithReceiver, WABA, type Json } from '../test-helpers.ts';

const env = simulatorWithReceiver((url) => ({ statusWebhooks: false, webhookUrl: url, appSecret: SECRET, batchIntervalMs: 5 }));

const list = (query: string) => env.sim.get(`/graph/v23.0/${WABA}/message_templates?${query}`);

/** Follows paging.next (a full URL) until it disappears, as a client should. */
async function pageAll(first: string): Promise<{ names: string[]; pages: number }> {
  const names: string[] = [];
  let url: string | undefined = `${env.sim.url}/graph/v23.0/${WABA}/message_templates?${first}`;
  let pages = 0;
  while (url) {
    const res: Response = await fetch(url, { headers: { authorization: 'Bearer EAAG-test-token' } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Json;
    pages++;
    names.push(...body.data.map((t: Json) => t.name));
    url = body.paging?.next;
  }
  return { names, pages };
}

test('paging over 250 templates with limit/after/paging.next until done', async () => {
  await env.sim.control('POST', '/templates', { waba_id: WABA, generate: 250 });
  const first = await list('limit=100');
  assert.equal(first.body.data.length, 100);
  assert.deepEqual(Object.keys(first.body.data[0]), ['name', 'parameter_format', 'components', 'language', 'status', 'category', 'id']);
  assert.equal(typeof first.body.data[0].id, 'string');
  assert.ok(first.body.paging.cursors.before && first.body.paging.cursors.after);
  assert.equal(first.body.paging.next, `${env.sim.url}/graph/v23.0/${WABA}/message_templates?limit=100&after=${first.body.paging.cursors.after}`);
  assert.equal(first.body.paging.previous, undefined);

  const { names, pages } = await pageAll('limit=100');
  assert.equal(pages, 3);
  assert.equal(names.length, 250);
  assert.equal(new Set(names).size, 250);

  const second = await list(`limit=100&after=${first.body.paging.cursors.after}`);
  assert.equal(second.body.data[0].name, 'tpl_0101');
  assert.ok(second.body.paging.previous);
  const last = await list(`limit=100&after=${second.body.paging.cursors.after}`);
  assert.equal(last.body.data.length, 50);
  assert.equal(last.body.paging.next, undefined);

  const dflt = await list('');
  assert.equal(dflt.body.data.length, 25);
});

test('fields and filters are honoured and kept in next links', async () => {
  await env.sim.control('POST', '/templates', { waba_id: WABA, generate: 5 });
  const { templates } = await env.sim.control('GET', `/templates?waba_id=${WABA}`);
  await env.sim.control('PATCH', `/templates/${templates[1].id}`, { status: 'REJECTED', reason: 'INVALID_FORMAT' });
  await env.sim.control('PATCH', `/templates/${templates[2].id}`, { quality_score: 'yellow' });
  const r = await list('fields=name,status,quality_score,rejected_reason&status=APPROVED&limit=2');
  assert.deepEqual(r.body.data.map((t: Json) => t.name), ['tpl_0001', 'tpl_0003']);
  assert.deepEqual(Object.keys(r.body.data[1]), ['name', 'status', 'quality_score', 'id']);
  assert.equal(r.body.data[1].quality_score.score, 'YELLOW');
  assert.match(r.body.paging.next, /fields=name%2Cstatus%2Cquality_score%2Crejected_reason&status=APPROVED&limit=2&after=/);
  const rejected = await list('status=rejected&fields=name,rejected_reason');
  assert.deepEqual(rejected.body.data, [{ name: 'tpl_0002', rejected_reason: 'INVALID_FORMAT', id: templates[1].id }]);
  const none = await list('name=zzz');
  assert.deepEqual(none.body, { data: [] });
});

test('mutation and deletion between page reads; paging still completes without repeats', async () => {
  await env.sim.control('POST', '/templates', { waba_id: WABA, generate: 250 });
  const first = await list('limit=100');
  const ids: string[] = first.body.data.map((t: Json) => t.id);
  // Delete one already seen and one not yet seen; re-categorise another unseen one.
  const { templates } = await env.sim.control('GET', `/templates?waba_id=${WABA}`);
  await env.sim.control('DELETE', `/templates/${ids[5]}`);
  await env.sim.control('DELETE', `/templates/${templates[150].id}`);
  const moved = await env.sim.control('PATCH', `/templates/${templates[200].id}`, { category: 'MARKETING' });
  assert.equal(moved.template.category, 'MARKETING');
  assert.equal(moved.template.previous_category, 'UTILITY');
  const rest = await pageAll(`limit=100&after=${first.body.paging.cursors.after}`);
  assert.equal(rest.names.length, 149);
  assert.ok(!rest.names.includes('tpl_0151'));
  const catOf = await list('name=tpl_0201&fields=name,category,previous_category');
  assert.deepEqual(catOf.body.data[0], { name: 'tpl_0201', category: 'MARKETING', previous_category: 'UTILITY', id: templates[200].id });
  const gone = await env.sim.control('GET', `/templates?waba_id=${WABA}`);
  assert.equal(gone.templates.length, 248);
});

test('PATCH with emit sends template_category_update and message_template_status_update, signed', async () => {
  const { templates } = await env.sim.control('POST', '/templates', { waba_id: WABA, templates: [{ name: 'welcome_back', category: 'UTILITY' }] });
  const id = templates[0].id;
  await env.sim.control('PATCH', `/templates/${id}`, { correct_category: 'MARKETING', emit: true });
  await env.sim.control('PATCH', `/templates/${id}`, { category: 'MARKETING', emit: true });
  await env.sim.control('PATCH', `/templates/${id}`, { status: 'PAUSED', emit: true, other_info: { title: 'FIRST_PAUSE', description: 'Low quality' } });
  await env.sim.control('DELETE', `/templates/${id}?emit=true`);
  await env.sim.control('POST', '/webhooks/flush', {});
  const changes = env.hook.got.flatMap((g) => {
    assert.ok(g.valid, 'signature verifies with the app secret');
    assert.equal(g.json.object, 'whatsapp_business_account');
    assert.equal(g.json.entry[0].id, WABA);
    assert.equal(typeof g.json.entry[0].time, 'number');
    return g.json.entry.flatMap((e: Json) => e.changes);
  });
  assert.equal(changes.length, 4);
  const [notice, done, paused, deleted] = changes;
  const base = { message_template_id: Number(id), message_template_name: 'welcome_back', message_template_language: 'en_US' };
  assert.equal(notice.field, 'template_category_update');
  assert.deepEqual({ ...notice.value, category_update_timestamp: 0 }, { ...base, new_category: 'UTILITY', correct_category: 'MARKETING', category_update_timestamp: 0 });
  assert.deepEqual(done.value, { ...base, previous_category: 'UTILITY', new_category: 'MARKETING' });
  assert.equal(paused.field, 'message_template_status_update');
  assert.deepEqual(paused.value, { event: 'PAUSED', ...base, reason: 'NONE', message_template_category: 'MARKETING', other_info: { title: 'FIRST_PAUSE', description: 'Low quality' } });
  assert.equal(deleted.value.event, 'DELETED');
  assert.equal(typeof paused.value.message_template_id, 'number');
});

test('without emit no webhook is sent', async () => {
  const { templates } = await env.sim.control('POST', '/templates', { waba_id: WABA, name: 'quiet' });
  const r = await env.sim.control('PATCH', `/templates/${templates[0].id}`, { status: 'REJECTED' });
  assert.deepEqual(r.webhooks, []);
  await env.sim.control('POST', '/webhooks/flush', { all: true });
  assert.equal(env.hook.got.length, 0);
});

test('Graph create (PENDING), duplicate, single read, edit and delete by name', async () => {
  const body = { name: 'order_shipped_v3', language: 'en_US', category: 'utility', components: [{ type: 'BODY', text: 'Hi {{1}}', example: { body_text: [['Ada']] } }] };
  const created = await env.sim.post(`/graph/v23.0/${WABA}/message_templates`, body);
  assert.equal(created.status, 200);
  assert.deepEqual(Object.keys(created.body), ['id', 'status', 'category']);
  assert.equal(created.body.status, 'PENDING');
  assert.equal(created.body.category, 'UTILITY');
  const dup = await env.sim.post(`/graph/v23.0/${WABA}/message_templates`, body);
  assert.equal(dup.body.error.error_subcode, 2388024);
  const bad = await env.sim.post(`/graph/v23.0/${WABA}/message_templates`, { ...body, name: 'Bad Name' });
  assert.equal(bad.body.error.code, 100);

  const one = await env.sim.get(`/graph/v23.0/${created.body.id}?fields=status`);
  assert.deepEqual(one.body, { status: 'PENDING', id: created.body.id });
  const edit = await env.sim.post(`/graph/v23.0/${created.body.id}`, { category: 'MARKETING' });
  assert.equal(edit.body.error.code, 100); // PENDING templates cannot be edited
  await env.sim.control('PATCH', `/templates/${created.body.id}`, { status: 'APPROVED' });
  assert.deepEqual((await env.sim.post(`/graph/v23.0/${created.body.id}`, { category: 'MARKETING' })).body, { success: true });

  const del = await fetch(`${env.sim.url}/graph/v23.0/${WABA}/message_templates?name=order_shipped_v3`, { method: 'DELETE', headers: { authorization: 'Bearer EAAG-test-token' } });
  assert.deepEqual(await del.json(), { success: true });
  assert.deepEqual((await list('')).body, { data: [] });
});

test('templates of an unknown WABA -> 100/33; wrong token -> 190', async () => {
  assert.equal((await env.sim.get('/graph/v23.0/999/message_templates')).body.error.error_subcode, 33);
  assert.equal((await env.sim.get(`/graph/v23.0/${WABA}/message_templates`, 'nope')).body.error.code, 190);
});
