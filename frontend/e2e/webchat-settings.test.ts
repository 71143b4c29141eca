import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { appInChromium, openSignedIn } from '../../server/test/browser.ts';
import { waitFor } from '../../server/test/harness.ts';
import { PREVIEW_READY, PREVIEW_SETTINGS, type PreviewSettingsMessage } from '../widget/protocol.ts';

// Channels > Web chat: an admin creates a widget from the UI (a bad allowed site gets the schema's
// message beside its row), gets its snippet and copies it, and the live preview receives every
// unsaved change by postMessage; then the widget's card, its inbox link, and deleting it.
//
// The preview frame is replaced by a recorder page at the same address: this test checks the
// dashboard's half of the protocol (frontend/widget/protocol.ts); the widget's own tests check
// the frame's. It needs the web chat API (the server's branch): without it, it skips.

/** Stands in for /widget/frame?preview=1: says it is ready, then keeps what the dashboard posts. */
const RECORDER = `<!doctype html><title>recorder</title><script>
window.received = [];
addEventListener('message', (e) => { if (e.origin === location.origin && e.source === parent) window.received.push(e.data); });
parent.postMessage({ type: ${JSON.stringify(PREVIEW_READY)} }, location.origin);
</script>`;

/** The part of the widgetSettings body (and the message's `online`) this test reads. */
interface PreviewSettings {
  name: string;
  color: string;
  online: boolean;
}

function previewFrame(page: Page, key: string): Frame | null {
  return page.frames().find((f) => f.url().includes('/widget/frame?') && f.url().includes(`key=${encodeURIComponent(key)}`) && f.url().includes('preview=1')) ?? null;
}

/** The last settings the preview frame of `key` received ('parley:widget:preview'), once `ok` holds for them. */
async function lastPreview(page: Page, key: string, ok: (s: PreviewSettings) => boolean): Promise<PreviewSettings> {
  const got = await waitFor(
    `the preview of ${key} to receive the settings`,
    async () => {
      const frame = previewFrame(page, key);
      if (!frame) return null;
      const received = (await frame.evaluate(() => (window as unknown as { received: unknown[] }).received).catch(() => [])) as PreviewSettingsMessage[];
      const last = received.filter((m) => m.type === PREVIEW_SETTINGS).at(-1);
      return last ? { ...(last.settings as Omit<PreviewSettings, 'online'>), online: last.online !== false } : null;
    },
    (s) => !!s && ok(s),
  );
  return got!;
}

describe('Web chat settings in Chromium', () => {
  const env = appInChromium();

  it('creates a widget, shows and copies its snippet, and previews unsaved changes', async (t) => {
    const token = await env.app.login();
    if ((await env.app.call('GET', '/api/webchat/widgets', token)).status === 404) {
      t.skip('the web chat API is not in this branch (it comes with the server helper)');
      return;
    }
    const page = await openSignedIn(env.browser, env.app.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.app.url });
    await page.route('**/widget/frame?*', (route) => route.fulfill({ contentType: 'text/html', body: RECORDER }));

    await page.getByRole('link', { name: 'Channels', exact: true }).first().click();
    const section = page.getByRole('region', { name: 'Web chat' });
    await section.getByText('No widget yet.').waitFor();
    await section.getByRole('link', { name: 'New web chat widget' }).click();
    await page.waitForURL(`${env.app.url}/channels/webchat/new`);

    // Not saved yet: the preview runs under the key 'preview' and follows the form.
    const form = page.getByRole('form', { name: 'Widget settings' });
    await form.getByLabel('Name', { exact: true }).fill('Shop chat');
    assert.equal((await lastPreview(page, 'preview', (s) => s.name === 'Shop chat')).online, true);
    await page.getByText('Not embeddable yet: add the sites that may show it.').waitFor();

    // A site with a path is refused by the server; its message shows beside that row.
    await form.getByRole('button', { name: 'Add a site' }).click();
    await form.getByLabel('Allowed site 1').fill('https://shop.example.com/products');
    await form.getByRole('button', { name: 'Create widget' }).click();
    await form.getByText(/an origin is scheme:\/\/host\[:port\]/).first().waitFor();
    assert.equal(await form.getByLabel('Allowed site 1').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('Allowed site 1').fill('https://Shop.Example.com');
    await form.getByRole('button', { name: 'Create widget' }).click();
    await form.getByText('Saved.', { exact: false }).waitFor();
    await page.waitForURL(/\/channels\/webchat\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').at(-1)!;

    const { body: widget } = await env.app.call('GET', `/api/webchat/widgets/${id}`, token);
    assert.deepEqual(widget.settings.allowedOrigins, ['https://shop.example.com'], 'stored as the server normalised it');
    assert.equal(await form.getByLabel('Allowed site 1').inputValue(), 'https://shop.example.com', 'the form shows what was stored');

    // The snippet, and Copy puts it on the clipboard.
    const snippet = await page.getByTestId('widget-snippet').inputValue();
    assert.equal(snippet, widget.snippet);
    assert.match(snippet, new RegExp(`^<script src="https?://[^"]+/widget\\.js" data-widget="${widget.key}" async></script>$`));
    await page.getByRole('region', { name: 'Snippet' }).getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);

    // An unsaved colour reaches the saved widget's preview (its own key) at once.
    await lastPreview(page, widget.key, (s) => s.name === 'Shop chat');
    await form.getByLabel('Colour', { exact: true }).fill('#ff0055');
    await lastPreview(page, widget.key, (s) => s.color === '#ff0055' && s.name === 'Shop chat');
    assert.equal((await env.app.call('GET', `/api/webchat/widgets/${id}`, token)).body.settings.color, '#0f766e', 'not saved yet');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await waitFor('the colour to be saved', async () => (await env.app.call('GET', `/api/webchat/widgets/${id}`, token)).body.settings.color, (c) => c === '#ff0055');

    // The card: its site, the inbox filtered to it; then deleting it.
    await page.getByRole('link', { name: '← Channels' }).click();
    const card = page.locator('[data-testid="widget-card"][data-name="Shop chat"]');
    await card.getByText('https://shop.example.com').waitFor();
    assert.equal(await card.getByRole('link', { name: 'Conversations' }).getAttribute('href'), `/inbox?accountId=${id}`);
    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Shop chat?' });
    await dialog.getByText('Its conversations are archived').waitFor();
    await dialog.getByRole('button', { name: 'Delete widget' }).click();
    await page.getByText('Shop chat was deleted; its conversations are archived, history kept.').waitFor();
    assert.equal(await card.count(), 0);
    assert.equal((await env.app.call('GET', `/api/webchat/widgets/${id}`, token)).status, 404);
    await page.close();
  });
});
