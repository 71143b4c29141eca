import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { mountWidgetAssets, WIDGET_DIR } from './assets.ts';

// The widget's files as browsers get them: the loader from any site, the frame only under the
// widget's allowed sites (its CSP's frame-ancestors, no X-Frame-Options), the hashed assets cached
// for good, and a clear 503 until the widget is built. A throwaway build in a temp folder stands
// in for frontend/dist-widget (the real one is the widget's own build).
describe('web chat: the widget files', () => {
  let app: TestApp;
  let widget: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  let dir: string;
  let server: Server;
  let base: string;
  const get = (path: string) => fetch(base + path);

  before(async () => {
    app = await startTestApp();
    const admin = await app.login();
    widget = (await app.call('POST', '/api/webchat/widgets', admin, { name: 'Shop', allowedOrigins: ['https://shop.example.com', 'https://*.example.org'] })).body;
    dir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
    writeFileSync(join(dir, 'widget.js'), '(function(){})();');
    writeFileSync(join(dir, 'frame.html'), '<!doctype html><title>Chat</title><script type="module" src="/widget/assets/frame-abc123.js"></script>');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'frame-abc123.js'), 'export {};');
    // The app's own security headers first, as in app.ts: the frame must undo X-Frame-Options.
    const bare = express();
    bare.use(helmet());
    mountWidgetAssets(bare, app.ctx, dir);
    server = await new Promise<Server>((resolve) => {
      const s = bare.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server?.close(r));
    rmSync(dir, { recursive: true, force: true });
    await app?.stop();
  });

  it('serves the loader to any site, cached for five minutes', async () => {
    const r = await get('/widget.js');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(r.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(r.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(await r.text(), '(function(){})();');
  });

  it("serves the frame with a CSP that lets only the widget's sites (and Parley) frame it", async () => {
    const r = await get(`/widget/frame?key=${widget.key}&origin=${encodeURIComponent('https://shop.example.com')}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /^text\/html/);
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    assert.equal(r.headers.get('x-frame-options'), null);
    const csp = r.headers.get('content-security-policy')!;
    assert.match(csp, /frame-ancestors 'self' https:\/\/shop\.example\.com https:\/\/\*\.example\.org;/);
    assert.match(csp, /script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'/);
    assert.match(await r.text(), /frame-abc123\.js/);
  });

  it('the preview is framed by Parley only; an unknown or malformed key gets a 404 page', async () => {
    const preview = await get('/widget/frame?preview=1');
    assert.equal(preview.status, 200);
    assert.match(preview.headers.get('content-security-policy')!, /frame-ancestors 'self';/);
    for (const q of ['?key=AAAAAAAAAAAAAAAAAAAAAAAA', '?key=<x>', '', '?key=a&key=b']) {
      const r = await get(`/widget/frame${q}`);
      assert.equal(r.status, 404, q);
      assert.match(await r.text(), /This chat is not available/);
    }
  });

  it('serves hashed assets for a year, immutable; a missing one is a 404', async () => {
    const r = await get('/widget/assets/frame-abc123.js');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('cache-control')!, /max-age=31536000.*immutable/);
    assert.equal((await get('/widget/assets/nope.js')).status, 404);
    assert.equal((await get('/widget/assets/../frame.html')).status, 404);
  });

  it('the app itself answers 503 with a reason until the widget is built', async () => {
    if (existsSync(join(WIDGET_DIR, 'widget.js'))) return; // built: the cases above cover the answers
    for (const path of ['/widget.js', `/widget/frame?key=${widget.key}`, '/widget/assets/x.js']) {
      const r = await fetch(app.url + path);
      assert.equal(r.status, 503, path);
      assert.match(await r.text(), /not built yet: run `npm run build`/);
    }
  });
});
