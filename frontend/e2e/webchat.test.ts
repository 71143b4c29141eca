import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { FrameLocator, Page } from 'playwright-core';
import { hashPassword } from '../../server/auth/passwords.ts';
import { appInChromium, signIn } from '../../server/test/browser.ts';
import { waitFor } from '../../server/test/harness.ts';
import { widgetCall } from '../../server/test/webchat.ts';

// The website chat widget across origins, in Chromium: a shop's page on another origin (another
// loopback address is another site) pastes the real snippet from the API; its visitor opens the
// launcher inside the iframe, fills the pre-chat form, asks "price" and gets the rule's answer;
// an agent whose inbox was open before sees the conversation arrive live and answers, and the
// visitor sees the answer without a reload; a reload keeps the visitor and shows the history
// again (the token kept in the host page's storage by the loader). The shop's aggressive CSS
// does not reach the widget, and a page on a site that is not allowed gets no working widget.

const REPLY = 'Our plans start at ₹499 a month.';

/** Rules a careless or hostile site could have: they must not hide, move or restyle the widget. */
const AGGRESSIVE_CSS = `
* { font-family: serif !important; color: red !important; box-sizing: content-box !important; line-height: 3 !important; transition: all 3s !important; }
button { background: yellow !important; padding: 40px !important; border: 5px solid red !important; border-radius: 0 !important; }
iframe { display: none !important; visibility: hidden !important; opacity: 0 !important; width: 0 !important; height: 0 !important;
  position: static !important; border: 10px solid red !important; transform: scale(0) !important; max-width: 0 !important; max-height: 0 !important;
  pointer-events: none !important; filter: grayscale(1) blur(2px) !important; }
`;

const page = (title: string, snippet: string, css = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${css}</style></head>` +
  `<body><h1>${title}</h1><p>Fresh parcels every day.</p><button type="button" id="buy">Buy now</button>${snippet}</body></html>`;

/** A tiny site on its own loopback address (its own origin): serves whatever `pages` holds for a path. */
async function hostSite(address: string): Promise<{ origin: string; pages: Map<string, string>; close(): Promise<void> }> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve());
  });
  const { port } = server.address() as { port: number };
  return { origin: `http://${address}:${port}`, pages, close: () =>
      new Promise((resolve) => {
        server.closeAllConnections(); // the browser's kept-alive connections would hold close() open
        server.close(() => resolve());
      }),
  };
}

/** The visitor id inside a visitor token (its `sub`), read from the host page's storage. */
async function visitorIdOnHost(host: Page, key: string): Promise<string | null> {
  const token = await host.evaluate((k) => localStorage.getItem(`parley.widget.${k}`), key);
  if (!token) return null;
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
}

const widgetFrame = (host: Page): FrameLocator => host.frameLocator('iframe[title="Chat"]');
const launcher = (frame: FrameLocator) => frame.getByRole('button', { name: /^Chat with us/ });
const visitorThread = (frame: FrameLocator) => frame.getByRole('log', { name: 'Messages' });

describe('web chat widget across origins, in Chromium', () => {
  const env = appInChromium();

  it('a visitor on an allowed site chats with a rule and an agent live; a reload keeps them; the site’s CSS stays out', async (t) => {
    const shop = await hostSite('127.0.0.2');
    t.after(() => shop.close());
    const admin = await env.app.login();
    const created = await env.app.call('POST', '/api/webchat/widgets', admin, {
      name: 'Lucky Parcel',
      preChat: { name: 'required', email: 'optional', phone: 'off' },
      allowedOrigins: [shop.origin],
    });
    assert.equal(created.status, 201, created.text);
    const widget = created.body;
    // The snippet names the app's own address (no PUBLIC_URL here: the request's scheme and host).
    assert.equal(widget.snippet, `<script src="${env.app.url}/widget.js" data-widget="${widget.key}" async></script>`);
    assert.equal((await env.app.call('POST', '/api/rules', admin, { name: 'Prices', keywords: ['price'], reply: REPLY })).status, 201);
    shop.pages.set('/', page('Lucky Parcel shop', widget.snippet, AGGRESSIVE_CSS));

    // The agent's inbox is open and live before anyone writes.
    await env.app.ctx.db('users').insert({ workspace_id: env.app.ctx.defaultWorkspaceId, email: 'asha@example.com', name: 'Asha', role: 'agent', availability: 'online', password_hash: await hashPassword('agent-password-123') });
    const agent = await env.browser.newPage(); // a browser context of its own
    await signIn(agent, env.app.url, 'asha@example.com', 'agent-password-123');
    await agent.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await agent.getByTestId('live-status').and(agent.locator('[data-status="live"]')).waitFor();

    const visitor = await env.browser.newPage();
    await visitor.goto(`${shop.origin}/`);
    const frame = widgetFrame(visitor);
    await launcher(frame).waitFor();

    // The shop's CSS is in force on its own page, and reaches neither the iframe's box nor the frame's launcher.
    assert.equal(await visitor.locator('#buy').evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(255, 255, 0)');
    // The loader sizes the iframe when the frame reports its launcher: wait for that, then check it.
    const iframeBox = () =>
      visitor.locator('iframe[title="Chat"]').evaluate((f) => {
        const s = getComputedStyle(f);
        const r = f.getBoundingClientRect();
        return {
          css: [s.display, s.visibility, s.opacity, s.position, s.transform, s.borderTopWidth, s.pointerEvents, s.transitionDuration, s.filter],
          width: r.width,
          height: r.height,
          right: innerWidth - r.right,
          bottom: innerHeight - r.bottom,
        };
      });
    const box = await waitFor('the loader to show the closed widget', iframeBox, (b) => b.css[1] === 'visible' && b.height >= 60);
    assert.deepEqual(box.css, ['block', 'visible', '1', 'fixed', 'none', '0px', 'auto', '0s', 'none'], JSON.stringify(box));
    assert.ok(box.width >= 100 && box.right < 20 && box.bottom < 20, `the closed frame holds the launcher in the corner: ${JSON.stringify(box)}`);
    const look = await launcher(frame).evaluate((b) => {
      const s = getComputedStyle(b);
      return { font: s.fontFamily, color: s.color, background: s.backgroundColor, paddingTop: s.paddingTop, border: s.borderTopWidth, radius: s.borderTopLeftRadius };
    });
    assert.notEqual(look.font, 'serif');
    assert.match(look.font, /system-ui/);
    assert.deepEqual([look.color, look.background, look.paddingTop, look.border, look.radius], ['rgb(255, 255, 255)', 'rgb(15, 118, 110)', '0px', '0px', '26px'], JSON.stringify(look));

    // Open, the pre-chat form (name required, email optional), then "price": the rule answers.
    await launcher(frame).click();
    const dialog = frame.getByRole('dialog', { name: 'Chat with Lucky Parcel' });
    await dialog.waitFor();
    await waitFor('the loader to size the iframe to the open panel', iframeBox, (b) => b.width === 400 && b.height === 640);
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await frame.getByText('Please enter your name.').waitFor(); // required: refused empty
    await frame.getByRole('textbox', { name: 'Name', exact: true }).fill('Meera Iyer');
    await frame.getByRole('textbox', { name: 'Email (optional)' }).fill('meera@example.com');
    await frame.getByRole('button', { name: 'Start chat' }).click();
    const composer = frame.getByRole('textbox', { name: 'Message', exact: true });
    await composer.fill('price');
    await composer.press('Enter');
    await visitorThread(frame).getByText(`Lucky Parcel: ${REPLY}`, { exact: true }).waitFor();
    await waitFor('the host page to keep the visitor token', () => visitorIdOnHost(visitor, widget.key), (id) => !!id);
    const visitorId = (await visitorIdOnHost(visitor, widget.key))!;

    // The agent sees it arrive, opens it, answers; the visitor sees the answer without a reload.
    const row = agent.getByTestId('conversation').filter({ hasText: 'Meera Iyer' });
    await row.getByTestId('channel-badge').filter({ hasText: 'Web chat' }).waitFor();
    await row.click();
    const thread = agent.getByRole('region', { name: 'Conversation' });
    await thread.getByText('price', { exact: true }).waitFor();
    await thread.getByText(REPLY).waitFor();
    const replyBox = thread.getByLabel('Reply', { exact: true });
    await replyBox.fill('Hi Meera, Asha here. Which plan are you looking at?');
    await replyBox.press('Enter');
    await visitorThread(frame).getByText('Asha: Hi Meera, Asha here. Which plan are you looking at?', { exact: true }).waitFor();
    await thread.getByTestId('message').filter({ hasText: 'Which plan are you looking at?' }).locator('[data-testid="status-delivered"], [data-testid="status-read"]').first().waitFor();

    // A reload: the same visitor, the history shown again, no form. Only the token the loader keeps
    // in the shop's storage can bring the visitor back: the frame's own storage is wiped first
    // where the browser gives it one (headless Chromium refuses it to a cross-site frame).
    await frame.locator('body').evaluate(() => {
      try {
        localStorage.clear();
      } catch {
        // refused: the frame kept nothing of its own
      }
    });
    await visitor.reload();
    await launcher(frame).click();
    // Each bubble reads as "<who>: <text>" (screen readers hear who wrote it).
    for (const text of ['You: price', `Lucky Parcel: ${REPLY}`, 'Asha: Hi Meera, Asha here. Which plan are you looking at?']) await visitorThread(frame).getByText(text, { exact: true }).waitFor();
    await composer.waitFor();
    assert.equal(await frame.getByRole('button', { name: 'Start chat' }).count(), 0, 'the form is not asked again');
    await waitFor('the re-issued token of the same visitor', () => visitorIdOnHost(visitor, widget.key), (id) => id === visitorId);
    const identities = await env.app.ctx.db('contact_identities').where({ channel: 'webchat' }).select('external_id', 'profile_name');
    assert.deepEqual(identities, [{ external_id: visitorId, profile_name: 'Meera Iyer' }], 'one visitor, named by the form');
    await agent.close();
    await visitor.close();
  });

  it('a page on a site that is not allowed gets no widget: the frame is refused and so is a session', async (t) => {
    const [allowed, other] = [await hostSite('127.0.0.2'), await hostSite('127.0.0.3')];
    t.after(() => Promise.all([allowed.close(), other.close()]));
    const admin = await env.app.login();
    const widget = (await env.app.call('POST', '/api/webchat/widgets', admin, { name: 'Elsewhere', allowedOrigins: [allowed.origin] })).body;
    other.pages.set('/', page('Someone else', widget.snippet));

    const csp = (await fetch(`${env.app.url}/widget/frame?key=${widget.key}&origin=${encodeURIComponent(other.origin)}`)).headers.get('content-security-policy') ?? '';
    assert.match(csp, new RegExp(`frame-ancestors 'self' ${allowed.origin.replace(/\./g, '\\.')}(;|$)`));
    const refused = await widgetCall(env.app, 'POST', '/api/widget/session', { json: { key: widget.key, origin: other.origin } });
    assert.equal(refused.status, 403, refused.text);

    const visitor = await env.browser.newPage();
    const logged: string[] = [];
    visitor.on('console', (m) => logged.push(m.text()));
    await visitor.goto(`${other.origin}/`);
    await visitor.locator('iframe[title="Chat"]').waitFor({ state: 'attached' }); // the loader ran
    // Chromium says so when it refuses the frame: the condition to wait for, rather than a pause.
    await waitFor('Chromium to refuse the frame', async () => logged.find((line) => /frame-ancestors/.test(line)), (line) => !!line && /violates the following Content Security Policy directive: "frame-ancestors/.test(line));
    assert.equal(await launcher(widgetFrame(visitor)).count(), 0);
    assert.equal(await visitor.locator('iframe[title="Chat"]').evaluate((f) => getComputedStyle(f).visibility), 'hidden', 'the loader never got a visible widget');
    assert.equal(await visitor.evaluate((k) => localStorage.getItem(`parley.widget.${k}`), widget.key), null, 'no visitor token');
    await visitor.close();
  });
});
