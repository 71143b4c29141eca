// The handler as the app mounts it (under /sandbox, behind express with a body parser), the
// OpenAI forwarding, in-process control, and close() ending hung requests.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import express from 'express';
import { createSandbox, startSandbox } from './index.ts';
import { text, type Json } from './test-helpers.ts';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}

const post = async (url: string, body: unknown, token = 'tok') => {
  const r = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Json };
};

test('basePath: the handler strips the prefix itself and paging links keep it', async () => {
  const sb = createSandbox({ basePath: '/sandbox', autoRegister: true, statusWebhooks: false, openai: false, numbers: [{ phone_number_id: '1', waba_id: '9' }] });
  const host = await listen((req, res) => {
    if (req.url?.startsWith('/sandbox')) sb.handler(req, res);
    else res.writeHead(404).end();
  });
  try {
    const r = await post(`${host.url}/sandbox/graph/v23.0/1/messages`, text('447700900123'));
    assert.equal(r.status, 200);
    await sb.control.call('POST', '/control/templates', { waba_id: '9', generate: 3 });
    const page = await fetch(`${host.url}/sandbox/graph/v23.0/9/message_templates?limit=2`, { headers: { authorization: 'Bearer tok' } });
    const body = (await page.json()) as Json;
    assert.ok(body.paging.next.startsWith(`${host.url}/sandbox/graph/v23.0/9/message_templates?`));
    const health = await fetch(`${host.url}/sandbox/health`);
    assert.equal(((await health.json()) as Json).graph, '/sandbox/graph/v23.0');
  } finally {
    await host.close();
    await sb.close();
  }
});

test('mounted in express after express.json(): prefix stripped by express, body re-read from req.body', async () => {
  const sb = createSandbox({ basePath: '/sandbox', autoRegister: true, statusWebhooks: false, openai: false });
  const app = express();
  app.use(express.json());
  app.use('/sandbox', (req, res) => sb.handler(req, res));
  const host = await listen(app);
  try {
    const r = await post(`${host.url}/sandbox/graph/v23.0/555/messages`, text('447700900123', 'via express'));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const log = (await sb.control.call('GET', '/control/requests')).body as Json;
    assert.equal(log.entries[0].body.text.body, 'via express');
  } finally {
    await host.close();
    await sb.close();
  }
});

test('/v1 and /control/openai go to the OpenAI simulator; /control/reset resets it too', async () => {
  const s = await startSandbox({ openai: {} });
  try {
    const models = await fetch(`${s.url}/v1/models`, { headers: { authorization: 'Bearer sk-test' } });
    assert.equal(models.status, 200);
    assert.equal(((await models.json()) as Json).object, 'list');
    const knobs = await fetch(`${s.url}/control/openai/knobs`);
    assert.equal(knobs.status, 200);
    const reset = await fetch(`${s.url}/control/reset`, { method: 'POST' });
    assert.equal(reset.status, 200);
    assert.equal((await fetch(`${s.url}/nope`)).status, 404);
  } finally {
    await s.close();
  }
});

test('openai: false leaves /v1 unmounted', async () => {
  const s = await startSandbox({ openai: false });
  try {
    assert.equal((await fetch(`${s.url}/v1/models`)).status, 404);
  } finally {
    await s.close();
  }
});

test('in-process control and option shorthands', async () => {
  const sb = createSandbox({ throughputLimit: 7, openai: false, numberKnobs: { '1': { readRate: 0 } } });
  try {
    const k = (await sb.control.call('GET', '/control/knobs')).body as Json;
    assert.equal(k.global.throughputLimit, 7);
    assert.deepEqual(k.numbers, { '1': { readRate: 0 } });
    assert.equal((await sb.control.patchKnobs({ readRate: 3 })).status, 400);
    assert.throws(() => createSandbox({ readRate: 3 }), /readRate/);
  } finally {
    await sb.close();
  }
});

test('close() ends hung and delayed requests at once', async () => {
  const s = await startSandbox({ autoRegister: true, statusWebhooks: false, openai: false, timeoutRate: 1, maxHangMs: 60_000 });
  const pending = fetch(`${s.url}/graph/v23.0/1/messages`, { method: 'POST', headers: { authorization: 'Bearer t' }, body: JSON.stringify(text('447700900123')) });
  while (s.sandbox.state.open.size === 0) await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  await s.close();
  await assert.rejects(pending);
  assert.ok(performance.now() - t0 < 10_000, 'ended at close, not after the 60 s hang');
});
