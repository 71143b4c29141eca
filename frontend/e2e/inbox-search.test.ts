import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret } from '../../server/lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../../server/secrets/bindings.ts';
import { appInChromium, openSignedIn } from '../../server/test/browser.ts';
import { waitFor } from '../../server/test/harness.ts';
import { inboundText } from '../../server/test/wa-payloads.ts';

// Search a word, open the result: the thread opens at that message, highlighted, far from the
// newest page; scrolling up loads older messages without moving what the reader looks at.

const PNID = '555000444555666';

describe('inbox search in Chromium', () => {
  const env = appInChromium();

  it('finds a message, opens its thread at it highlighted, and loads older ones in place', async () => {
    const { app } = env;
    const db = app.ctx.db;
    await db('channel_accounts').insert({ workspace_id: app.ctx.defaultWorkspaceId, display_name: 'Support', external_id: PNID, waba_id: '1', access_token_enc: encryptSecret(app.ctx.keys.encryptionKey, 'tok', ACCOUNT_TOKEN) });
    // The customer's first message two days ago, 400 messages since (number 150 mentions the ring,
    // far from the newest page), then a new one now: ids follow time, as when they arrive one by one.
    const start = Date.now() - 2 * 86_400_000;
    await app.postWebhook(inboundText(PNID, '919876500077', 'wamid.search.1', 'Hi there', Math.floor(start / 1000)));
    await app.postWebhook(inboundText(PNID, '919876500078', 'wamid.search.2', 'Another customer, nothing to find'));
    const c = await waitFor('the conversation', () => db('conversations as c').join('contact_identities as k', 'k.id', 'c.identity_id').where('k.external_id', '919876500077').first('c.*'), (r) => !!r, 10_000);
    await db('messages').insert(Array.from({ length: 400 }, (_, i) => ({
      workspace_id: c.workspace_id, account_id: c.account_id, conversation_id: c.id, identity_id: c.identity_id, direction: i % 2 ? 'outbound' : 'inbound', type: 'text', status: 'sent',
      body: i === 150 ? 'Do you still have the zirconia ring in silver?' : `Older message ${i}`, sent_at: new Date(start + (i + 1) * 60_000), created_at: new Date(start + (i + 1) * 60_000),
    })));
    await app.postWebhook(inboundText(PNID, '919876500077', 'wamid.search.3', 'Hello, one more question'));
    await waitFor('the newest message', () => db('messages').where({ external_id: 'wamid.search.3' }).first('id'), (r) => !!r, 10_000);
    const ring = String((await db('messages').where({ conversation_id: c.id }).whereLike('body', '%zirconia%').first('id')).id);

    const page = await openSignedIn(env.browser, app.url);
    await page.getByRole('link', { name: 'Inbox', exact: true }).first().click();
    await page.getByTestId('conversation').first().waitFor();
    await page.getByLabel('Search messages').fill('ZIRCON');
    const result = page.getByTestId('search-result');
    await result.first().waitFor();
    assert.equal(await result.count(), 1);
    assert.equal(await result.locator('mark').textContent(), 'zircon');
    assert.match((await result.textContent()) ?? '', /Customer 0077.*Do you still have the zirconia ring in silver\?/s);

    await result.click();
    await page.waitForURL(new RegExp(`\\?c=${c.id}&m=${ring}$`));
    const thread = page.getByRole('region', { name: 'Conversation' });
    const highlighted = thread.locator('[data-highlighted="true"]');
    await highlighted.waitFor();
    assert.match((await highlighted.textContent()) ?? '', /zirconia ring/);
    assert.equal(await highlighted.getAttribute('data-message-id'), ring);
    const scroller = page.getByTestId('thread-scroller');
    const inView = async () => {
      const [box, view] = [await highlighted.boundingBox(), await scroller.boundingBox()];
      return !!box && !!view && box.y >= view.y && box.y + box.height <= view.y + view.height;
    };
    assert.equal(await inView(), true, 'the result is in view');
    // Around it, not the newest page: the webhook's message is not there yet, older ones are.
    assert.equal(await thread.getByText('Hello, one more question').count(), 0);
    assert.ok((await thread.getByTestId('message').count()) <= 100);

    // Scroll to the top: older messages come in above and the message that was at the top stays
    // there (it would be pushed a whole page down otherwise).
    const countBefore = await thread.getByTestId('message').count();
    const topId = await thread.getByTestId('message').first().getAttribute('data-message-id');
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await waitFor('older messages', () => thread.getByTestId('message').count(), (n) => n > countBefore, 10_000);
    await page.waitForTimeout(300);
    const [box, view] = [(await thread.locator(`[data-message-id="${topId}"]`).boundingBox())!, (await scroller.boundingBox())!];
    assert.ok(box.y >= view.y - 10 && box.y - view.y < 150, `the view did not jump (the former top message is ${box.y - view.y} px below the top)`);

    // Scrolling down reaches the newest message.
    for (let i = 0; i < 20 && (await thread.getByText('Hello, one more question').count()) === 0; i++) {
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await page.waitForTimeout(300);
    }
    await thread.getByText('Hello, one more question').waitFor();

    // Clearing the search brings the conversation list back.
    await page.getByLabel('Search messages').fill('');
    await page.getByTestId('conversation').first().waitFor();
    await page.close();
  });
});
