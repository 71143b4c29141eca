import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestApp, waitFor, type TestApp } from '../test/harness.ts';
import { UPLOAD_LIMITS } from './upload.ts';

// Hostile and broken uploads, written byte by byte on raw sockets: what fetch would never send.

const WABA = '770000000002';
const BOUNDARY = 'parleyTestBoundary7MA4YWxk';

describe('campaign uploads that end badly', () => {
  let app: TestApp;
  let token: string;
  let numberId: string;
  let templateId: string;
  const port = () => Number(new URL(app.url).port);

  /** Opens a socket, writes the head of a POST /api/campaigns and returns the socket and its answer. */
  const openUpload = (headers: Record<string, string>) => {
    const socket = connect(port(), '127.0.0.1');
    let raw = '';
    socket.on('data', (d) => (raw += d.toString()));
    socket.on('error', () => {});
    const answered = new Promise<{ status: number; body: any; raw: string }>((resolve) => {
      socket.on('close', () => {
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
        const text = raw.split('\r\n\r\n').slice(1).join('\r\n\r\n');
        let body: any = null;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        resolve({ status, body, raw });
      });
    });
    const head = ['POST /api/campaigns HTTP/1.1', 'Host: 127.0.0.1', `Authorization: Bearer ${token}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.write(head.join('\r\n') + '\r\n\r\n');
    return { socket, answered };
  };
  const fieldsPart = () =>
    [['name', 'Cut short'], ['numberId', numberId], ['templateIds', templateId]]
      .map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `91${9000000000 + from + i},,x\n`).join('');
  const copyBackends = async () =>
    (await app.ctx.db.raw(`select pid, state from pg_stat_activity where application_name = 'parley' and datname = current_database() and query ilike 'copy %'`)).rows as Array<{ pid: number; state: string }>;
  const campaignCount = async () => Number((await app.ctx.db('campaigns').count<{ c: string }[]>('* as c'))[0]!.c);
  const uploadOk = async (name: string) => {
    const form = new FormData();
    form.append('name', name);
    form.append('numberId', numberId);
    form.append('templateIds', templateId);
    form.append('file', new Blob(['919876500001,,A\n919876500002,,B\n'], { type: 'text/csv' }), 'ok.csv');
    return app.request('/api/campaigns', { method: 'POST', token, body: form });
  };

  before(async () => {
    app = await startTestApp();
    token = await app.login();
    const n = await app.request('/api/accounts', { method: 'POST', token, json: { displayName: 'Cut', phoneNumberId: '555000778', wabaId: WABA, accessToken: 'sandbox-t', sandbox: true } });
    numberId = ((await n.json()) as { id: string }).id;
    await app.sandbox('POST', '/control/templates', { waba_id: WABA, templates: [{ name: 'u', category: 'UTILITY', status: 'APPROVED', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}' }] }] });
    await app.request('/api/templates/sync', { method: 'POST', token, json: { numberId } });
    const [t] = await waitFor('the synced template', () => app.ctx.db('templates').where({ name: 'u' }), (r) => r.length === 1);
    templateId = t.id;
  });
  after(() => app.stop());

  it('answers 400 invalid_multipart for a body that ends without its closing boundary, and stays up', async () => {
    const before = await campaignCount();
    const body = fieldsPart() + rows(0, 50); // no "\r\n--BOUNDARY--" at the end
    const { socket, answered } = openUpload({ 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': String(Buffer.byteLength(body)) });
    socket.write(body);
    const r = await answered;
    assert.equal(r.status, 400, r.raw);
    assert.equal(r.body.error.code, 'invalid_multipart');
    assert.match(r.body.error.message, /closing multipart boundary/);
    assert.equal(await campaignCount(), before);
    assert.equal((await uploadOk('after truncation')).status, 201, 'the app still serves uploads');
  });

  it('answers 400 invalid_multipart for multipart/form-data without a boundary', async () => {
    const body = 'name=x';
    const { socket, answered } = openUpload({ 'Content-Type': 'multipart/form-data', 'Content-Length': String(body.length) });
    socket.write(body);
    const r = await answered;
    assert.equal(r.status, 400, r.raw);
    assert.equal(r.body.error.code, 'invalid_multipart');
    assert.match(r.body.error.message, /Boundary not found/);
  });

  it('takes fields named like Object.prototype members as plain fields', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const form = new FormData();
      form.append(name, '{"polluted":true}');
      form.append('name', name);
      form.append('numberId', numberId);
      form.append('templateIds', templateId);
      form.append('file', new Blob(['919876500001,,A\n'], { type: 'text/csv' }), 'ok.csv');
      const r = await app.request('/api/campaigns', { method: 'POST', token, body: form, signal: AbortSignal.timeout(5000) });
      assert.equal(r.status, 201, `${name}: ${await r.text()}`);
    }
    assert.equal((await app.request('/healthz')).status, 200);
  });

  it('rolls back and frees the connection when the client hangs up mid-file', async () => {
    const before = await campaignCount();
    const head = fieldsPart();
    const { socket } = openUpload({ 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': String(50 * 1024 * 1024) });
    socket.write(head);
    // Enough rows that the COPY is under way on a pooled connection, then vanish.
    for (let i = 0; i < 20; i++) socket.write(rows(i * 1000, 1000));
    await waitFor('the upload to reach COPY', copyBackends, (b) => b.length === 1);
    socket.destroy();
    await waitFor('no pooled connection left in COPY', copyBackends, (b) => b.length === 0, 30_000);
    const idleInTx = async () =>
      (await app.ctx.db.raw(`select count(*)::int as n from pg_stat_activity where application_name = 'parley' and datname = current_database() and state like 'idle in transaction%'`)).rows[0].n;
    await waitFor('the aborted transaction to be rolled back', idleInTx, (n) => n === 0, 30_000);
    assert.equal(await campaignCount(), before, 'the aborted campaign was rolled back');
    const t0 = Date.now();
    assert.equal((await uploadOk('after abort')).status, 201);
    // Stuck behind the aborted one, it would wait out the 5 s pool wait and answer 503, or hang.
    assert.ok(Date.now() - t0 < 30_000, 'the next upload is not stuck behind the aborted one');
  });

  it('answers 408 when the client stops sending mid-file', async () => {
    const saved = { ...UPLOAD_LIMITS };
    UPLOAD_LIMITS.idleMs = 1_000;
    try {
      const before = await campaignCount();
      const { socket, answered } = openUpload({ 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': String(10 * 1024 * 1024) });
      socket.write(fieldsPart() + rows(0, 100));
      const t0 = Date.now();
      const r = await answered; // the server answers and closes; the client never finished
      assert.equal(r.status, 408, r.raw);
      assert.equal(r.body.error.code, 'upload_stalled');
      assert.ok(Date.now() - t0 < 30_000, 'answered after the 1 s idle limit, not left hanging');
      await waitFor('no pooled connection left in COPY', copyBackends, (b) => b.length === 0, 30_000);
      assert.equal(await campaignCount(), before);
    } finally {
      Object.assign(UPLOAD_LIMITS, saved);
    }
  });

  it('answers 408 when an upload trickles on past the total limit', async () => {
    const saved = { ...UPLOAD_LIMITS };
    UPLOAD_LIMITS.totalMs = 1_500;
    try {
      const { socket, answered } = openUpload({ 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': String(10 * 1024 * 1024) });
      socket.write(fieldsPart());
      let i = 0;
      const drip = setInterval(() => socket.writable && socket.write(rows(i++ * 10, 10)), 200);
      const r = await answered.finally(() => clearInterval(drip));
      assert.equal(r.status, 408, r.raw);
      assert.equal(r.body.error.code, 'upload_timeout');
    } finally {
      Object.assign(UPLOAD_LIMITS, saved);
    }
  });

  it('stops promptly after all this', async () => {
    const t0 = Date.now();
    await app.stop();
    assert.ok(Date.now() - t0 < 10_000, `stop took ${Date.now() - t0} ms`);
    app.stop = async () => {};
  });
});

