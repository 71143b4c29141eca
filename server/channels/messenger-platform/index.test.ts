import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { messagingEvents } from './index.ts';

// Instagram / Messenger webhook items (shapes from Meta's Instagram Platform "Webhook notification
// examples" and Messenger Platform "Webhooks" pages) -> the channel events the inbox writes.
const IG = '17841400000000001';
const IGSID = '6543210987654321';
const PAGE = '110000000000001';
const PSID = '2400000000000001';
const T = 1767226499876;
const CDN = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1';

const ig = (event: Record<string, unknown>, key = 'messaging') =>
  JSON.stringify({ object: 'instagram', entry: [{ id: IG, time: T, [key]: [{ sender: { id: IGSID }, recipient: { id: IG }, timestamp: T, ...event }] }] });
const page = (event: Record<string, unknown>) =>
  JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: T, messaging: [{ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: T, ...event }] }] });
const base = { channel: 'instagram', accountId: IG, customerId: IGSID, timestamp: new Date(T) };

describe('Instagram and Messenger events for the inbox', () => {
  it('a text DM is an inbound text message', () => {
    const { messages } = messagingEvents(ig({ message: { mid: 'm1', text: 'Hi' } }));
    assert.deepEqual(messages, [{ ...base, externalId: 'm1', direction: 'inbound', type: 'text', text: 'Hi', payload: null, contextId: null, profileName: null, standby: false }]);
  });

  it('attachments become the inbox media types, with their URLs', () => {
    const kinds: Array<[Record<string, unknown>, string]> = [
      [{ type: 'image', payload: { url: CDN } }, 'image'],
      [{ type: 'image', payload: { url: CDN, sticker_id: 369239263222822 } }, 'sticker'],
      [{ type: 'video', payload: { url: CDN } }, 'video'],
      [{ type: 'audio', payload: { url: CDN } }, 'audio'],
      [{ type: 'file', payload: { url: CDN } }, 'document'],
      [{ type: 'share', payload: { url: CDN } }, 'share'],
      [{ type: 'ig_reel', payload: { url: CDN } }, 'share'],
      [{ type: 'story_mention', payload: { url: CDN } }, 'story_mention'],
      [{ type: 'hologram', payload: { url: CDN } }, 'unsupported'],
    ];
    for (const [attachment, type] of kinds) {
      const [m] = messagingEvents(ig({ message: { mid: 'm2', attachments: [attachment] } })).messages;
      assert.equal(m!.type, type, JSON.stringify(attachment));
      assert.equal((m!.payload as { attachments: Array<{ url: string }> }).attachments[0]!.url, CDN);
    }
  });

  it('a story reply, a quick reply and a reply to a message keep what they answer', () => {
    const [story] = messagingEvents(ig({ message: { mid: 'm3', text: 'Still available?', reply_to: { story: { url: CDN, id: '18' } } } })).messages;
    assert.deepEqual([story!.type, story!.payload], ['text', { story_reply: { id: '18', url: CDN } }]);
    const [quick] = messagingEvents(page({ message: { mid: 'm4', text: 'Yes', quick_reply: { payload: 'QR_YES' } } })).messages;
    assert.deepEqual([quick!.channel, quick!.customerId, quick!.type, quick!.payload], ['messenger', PSID, 'text', { quick_reply: 'QR_YES' }]);
    const [reply] = messagingEvents(ig({ message: { mid: 'm5', text: 'this one', reply_to: { mid: 'm1' } } })).messages;
    assert.equal(reply!.contextId, 'm1');
  });

  it('an echo is outbound to the customer; a standby item is marked so it is never answered', () => {
    const echo = JSON.stringify({ object: 'instagram', entry: [{ id: IG, messaging: [{ sender: { id: IG }, recipient: { id: IGSID }, timestamp: T, message: { mid: 'm6', text: 'From the app', is_echo: true } }] }] });
    const [e] = messagingEvents(echo).messages;
    assert.deepEqual([e!.direction, e!.customerId, e!.text], ['outbound', IGSID, 'From the app']);
    const [s] = messagingEvents(ig({ message: { mid: 'm7', text: 'hello' } }, 'standby')).messages;
    assert.equal(s!.standby, true);
  });

  it('postbacks and referrals get a stable id when Meta gives none, so a redelivery is recognised', () => {
    const body = page({ postback: { title: 'Track order', payload: 'TRACK_ORDER' } });
    const [p] = messagingEvents(body).messages;
    assert.deepEqual([p!.type, p!.text, p!.payload], ['postback', 'Track order', { title: 'Track order', payload: 'TRACK_ORDER' }]);
    assert.equal(p!.externalId, messagingEvents(body).messages[0]!.externalId);
    assert.equal(messagingEvents(ig({ postback: { mid: 'm8', title: 'Start', payload: 'GET_STARTED' } })).messages[0]!.externalId, 'm8');
    const [r] = messagingEvents(page({ referral: { ref: 'summer', source: 'SHORTLINK', type: 'OPEN_THREAD' } })).messages;
    assert.deepEqual([r!.type, r!.text], ['referral', 'summer']);
  });

  it('reactions, edits and unsent messages change the message they are about', () => {
    assert.deepEqual(messagingEvents(ig({ reaction: { mid: 'm1', action: 'react', reaction: 'love', emoji: '❤️' } })).reactions, [{ ...base, externalId: 'm1', emoji: '❤️' }]);
    assert.deepEqual(messagingEvents(ig({ reaction: { mid: 'm1', action: 'unreact' } })).reactions, [{ ...base, externalId: 'm1', emoji: null }]);
    assert.deepEqual(messagingEvents(ig({ message_edit: { mid: 'm1', text: 'Hi there', num_edit: 1 } })).edits, [{ ...base, externalId: 'm1', text: 'Hi there', deleted: false }]);
    const unsent = messagingEvents(ig({ message: { mid: 'm1', is_deleted: true } }));
    assert.deepEqual([unsent.messages, unsent.edits], [[], [{ ...base, externalId: 'm1', text: null, deleted: true }]]);
  });

  it('receipts: Instagram reads by message id, Messenger by watermark or by ids', () => {
    const read = messagingEvents(ig({ read: { mid: 'out1' } }));
    assert.deepEqual(read.statuses, [{ channel: 'instagram', accountId: IG, externalId: 'out1', status: 'read', timestamp: new Date(T), errorCode: null, errorTitle: null }]);
    const seen = messagingEvents(page({ read: { watermark: T - 5 } }));
    assert.deepEqual(seen.watermarks, [{ channel: 'messenger', accountId: PAGE, customerId: PSID, timestamp: new Date(T), status: 'read', watermark: new Date(T - 5) }]);
    const delivered = messagingEvents(page({ delivery: { mids: ['out2', 'out3'], watermark: T } }));
    assert.deepEqual(delivered.statuses.map((s) => [s.externalId, s.status]), [['out2', 'delivered'], ['out3', 'delivered']]);
    assert.deepEqual(messagingEvents(page({ delivery: { watermark: T } })).watermarks.map((w) => w.status), ['delivered']);
  });

  it('tolerates unknown fields and keeps unknown events with a reason', () => {
    const r = messagingEvents(ig({ message: { mid: 'm9', text: 'hi', brand_new_field: { x: 1 } }, unknown_thing: true }));
    assert.equal(r.messages.length, 1);
    const odd = messagingEvents(ig({ game_play: { score: 3 } }));
    assert.deepEqual([odd.messages, odd.ignored.length], [[], 1]);
  });
});
