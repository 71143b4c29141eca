import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, signIn } from '../../server/test/browser.ts';
import { ADMIN, startTestApp, type TestApp } from '../../server/test/harness.ts';

const SHIPPED_COMPONENTS = [
  { type: 'HEADER', format: 'TEXT', text: 'Order update' },
  { type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped.', example: { body_text: [['Ada', 'A-1001']] } },
  { type: 'FOOTER', text: 'Reply STOP to opt out' },
  {
    type: 'BUTTONS',
    buttons: [
      { type: 'URL', text: 'Track order', url: 'https://example.com/track/{{1}}' },
      { type: 'QUICK_REPLY', text: 'Stop updates' },
    ],
  },
];

describe('templates in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  const ids: Record<string, string> = {};

  before(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    const base = { workspace_id: app.ctx.defaultWorkspaceId, waba_id: '1', language: 'en', status: 'APPROVED', last_synced_at: new Date() };
    const rows = await app.ctx.db('templates')
      .insert([
        {
          ...base,
          meta_template_id: '9001',
          name: 'summer_sale',
          category: 'MARKETING',
          components: JSON.stringify([{ type: 'BODY', text: '50% off this weekend only!' }]),
          is_quarantined: true,
          quarantine_reason: 'category is MARKETING',
          quarantined_at: new Date(),
        },
        {
          ...base,
          meta_template_id: '9002',
          name: 'delivery_update',
          category: 'UTILITY',
          components: JSON.stringify([{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Your parcel {{1}} arrives today.' }]),
          is_quarantined: true,
          quarantine_reason: 'Meta announced re-categorisation to MARKETING',
          quarantined_at: new Date(),
        },
        { ...base, meta_template_id: '9003', name: 'order_shipped', category: 'UTILITY', components: JSON.stringify(SHIPPED_COMPONENTS), quality_score: 'GREEN' },
      ])
      .returning(['id', 'name']);
    for (const r of rows) ids[r.name] = r.id;
    await app.ctx.db('audit_template_changes').insert({
      workspace_id: app.ctx.defaultWorkspaceId,
      template_id: ids.delivery_update,
      field: 'quarantine',
      old_value: 'false',
      new_value: 'true',
      source: 'sync',
      detail: 'Meta announced re-categorisation to MARKETING',
    });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows state badges, a filled-in preview, and releases only a UTILITY template from quarantine', async () => {
    const page = await browser.newPage();
    await signIn(page, app.url, ADMIN.email, ADMIN.password);
    await page.getByTestId('app-version').waitFor();
    await page.getByRole('link', { name: 'Templates', exact: true }).first().click();
    const row = (name: string) => page.locator(`[data-testid="template-row"][data-name="${name}"]`);
    await row('order_shipped').waitFor();
    assert.equal(await page.getByTestId('template-row').count(), 3);
    const stateOf = async (name: string) => await row(name).getByTestId('state-badge').textContent();
    assert.equal(await stateOf('order_shipped'), 'Sendable');
    assert.equal(await stateOf('summer_sale'), 'Quarantined');
    assert.equal(await stateOf('delivery_update'), 'Quarantined');
    assert.match((await row('summer_sale').textContent()) ?? '', /Quarantined: category is MARKETING.*MARKETING/);

    // The preview fills {{n}} from example.body_text[0] and shows header, footer and buttons.
    await row('order_shipped').click();
    await page.waitForURL(new RegExp(`/templates\\?id=${ids.order_shipped}$`));
    const detail = page.getByTestId('template-detail');
    const preview = detail.getByTestId('template-preview');
    await preview.waitFor();
    assert.equal(await preview.getByTestId('preview-body').textContent(), 'Hi Ada, your order A-1001 has shipped.');
    assert.match((await preview.textContent()) ?? '', /^Order update.*Reply STOP to opt out/);
    assert.deepEqual(await preview.getByTestId('preview-button').allTextContents(), ['↗Track order', '↩Stop updates']);
    assert.equal(await detail.getByRole('button', { name: 'Un-quarantine' }).count(), 0, 'not offered for a sendable template');

    // Opened by URL (as from a notification): MARKETING cannot be released, and says why.
    await page.goto(`${app.url}/templates?id=${ids.summer_sale}`);
    const release = detail.getByRole('button', { name: 'Un-quarantine' });
    await release.waitFor();
    assert.equal(await release.isDisabled(), true);
    await detail.getByText('Only UTILITY templates can be released; this one is MARKETING.').waitFor();

    // The quarantined UTILITY one: media header placeholder, unfilled variable chip, then release it.
    await row('delivery_update').click();
    await detail.getByRole('heading', { name: 'delivery_update' }).waitFor();
    assert.equal(await detail.getByTestId('template-preview').getByText('IMAGE', { exact: true }).count(), 1);
    assert.equal(await detail.getByTestId('variable-chip').textContent(), '{{1}}');
    const history = detail.getByTestId('history-row');
    await history.first().waitFor();
    assert.equal(await history.count(), 1);
    assert.equal(await release.isEnabled(), true);
    await release.click();

    await row('delivery_update').getByTestId('state-badge').filter({ hasText: 'Sendable' }).waitFor();
    await history.nth(1).waitFor();
    assert.equal(await history.count(), 2);
    assert.match((await history.first().textContent()) ?? '', /quarantine.*true → false.*released by admin@example\.com.*admin/);
    assert.equal(await release.count(), 0, 'the button goes once released');
    const stored = await app.ctx.db('templates').where({ id: ids.delivery_update }).first('is_quarantined');
    assert.equal(stored.is_quarantined, false);
    await page.close();
  });
});
