import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessagingWebhook, type MessagingEvent } from './webhook.ts';

// Payload shapes from Meta's Instagram Platform "Webhooks" / "Webhook notification examples" and
// Messenger Platform "Webhooks" pages (docs/meta-platform.md lists what the code relies on).
const IG = '17841400000000001';
const IGSID = '6543210987654321';
const PAGE = '110000000000001';
const PSID = '2400000000000001';

const ig = (...messaging: unknown[]) => ({ object: 'instagram', entry: [{ id: IG, time: 1767226500123, messaging }] });
const page = (items: unknown[], key = 'messaging') => ({ object: 'page', entry: [{ id: PAGE, time: 1767226500123, [key]: items }] });
const fromUser = (event: Record<string, unknown>, timestamp = 1767226499876) => ({ sender: { id: IGSID }, recipient: { id: IG }, timestamp, ...event });
const one = (body: unknown): MessagingEvent => {
  const { events, ignored } = parseMessagingWebhook(body);
  assert.deepEqual(ignored, []);
  assert.equal(events.length, 1);
  return events[0]!;
};

describe('Instagram and Messenger webhook parser', () => {
  it('reads an Instagram story reply with its millisecond timestamp', () => {
    const e = one(ig(fromUser({
      message: {
        mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx',
        text: 'Is this still available?',
        reply_to: { story: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1800000000000001', id: '1800000000000001' } },
      },
    })));
    assert.equal(e.kind, 'message');
    if (e.kind !== 'message') return;
    assert.equal(e.channel, 'instagram');
    assert.equal(e.accountId, IG);
    assert.equal(e.customerId, IGSID);
    assert.equal(e.timestamp.toISOString(), '2026-01-01T00:14:59.876Z');
    assert.equal(e.text, 'Is this still available?');
    assert.deepEqual(e.storyReply, { id: '1800000000000001', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1800000000000001' });
    assert.equal(e.isEcho, false);
    assert.equal(e.standby, false);
  });

  it('reads every attachment kind, stickers included, and a quick reply and a reply to a message', () => {
    const types = ['image', 'video', 'audio', 'file', 'share', 'story_mention', 'reel', 'ig_reel'];
    const e = one(ig(fromUser({
      message: {
        mid: 'm1',
        attachments: [...types.map((type, i) => ({ type, payload: { url: `https://cdn.example/${i}` } })), { type: 'image', payload: { url: 'https://cdn.example/s', sticker_id: 369239263222822 } }, { type: 'hologram', payload: {} }],
        quick_reply: { payload: 'SIZE_M' },
        reply_to: { mid: 'm0' },
      },
    })));
    assert.equal(e.kind, 'message');
    if (e.kind !== 'message') return;
    assert.deepEqual(e.attachments.map((a) => a.type), [...types, 'sticker', 'unknown']);
    assert.equal(e.attachments[0]!.url, 'https://cdn.example/0');
    assert.equal(e.attachments.at(-1)!.url, null);
    assert.equal(e.quickReplyPayload, 'SIZE_M');
    assert.equal(e.replyToMid, 'm0');
    assert.equal(e.text, null);
  });

  it('takes an echo as sent by the business, to the customer in recipient', () => {
    const e = one(ig({ sender: { id: IG }, recipient: { id: IGSID }, timestamp: 1767226499876, message: { mid: 'echo1', text: 'Sent from the app', is_echo: true } }));
    assert.equal(e.kind, 'message');
    if (e.kind !== 'message') return;
    assert.equal(e.isEcho, true);
    assert.equal(e.customerId, IGSID);
  });

  it('flags deleted and unsupported messages', () => {
    const e = one(ig(fromUser({ message: { mid: 'd1', is_deleted: true } })));
    assert.ok(e.kind === 'message' && e.isDeleted && !e.isUnsupported);
    const u = one(ig(fromUser({ message: { mid: 'u1', is_unsupported: true } })));
    assert.ok(u.kind === 'message' && u.isUnsupported);
  });

  it('reads reactions, both adding and removing', () => {
    const add = one(ig(fromUser({ reaction: { mid: 'm1', action: 'react', reaction: 'love', emoji: '❤️' } })));
    assert.deepEqual(add.kind === 'reaction' && [add.mid, add.action, add.reaction, add.emoji], ['m1', 'react', 'love', '❤️']);
    const remove = one(ig(fromUser({ reaction: { mid: 'm1', action: 'unreact' } })));
    assert.deepEqual(remove.kind === 'reaction' && [remove.action, remove.reaction, remove.emoji], ['unreact', null, null]);
  });

  it('reads postbacks (buttons, ice breakers, persistent menu), edits, reads and referrals', () => {
    const postback = one(ig(fromUser({ postback: { mid: 'p1', title: 'Track order', payload: 'TRACK_ORDER' } })));
    assert.deepEqual(postback.kind === 'postback' && [postback.mid, postback.title, postback.payload], ['p1', 'Track order', 'TRACK_ORDER']);
    const edit = one(ig(fromUser({ message_edit: { mid: 'm1', text: 'Is this still available in M?', num_edit: 1 } })));
    assert.deepEqual(edit.kind === 'edit' && [edit.mid, edit.text, edit.editCount], ['m1', 'Is this still available in M?', 1]);
    const read = one(ig(fromUser({ read: { mid: 'm9' } })));
    assert.deepEqual(read.kind === 'read' && [read.mid, read.watermark], ['m9', null]);
    const referral = one(ig(fromUser({ referral: { ref: 'spring', source: 'ADS', type: 'OPEN_THREAD' } })));
    assert.deepEqual(referral.kind === 'referral' && [referral.ref, referral.source, referral.type], ['spring', 'ADS', 'OPEN_THREAD']);
  });

  it('reads Messenger messages, deliveries and reads by watermark', () => {
    const msg = { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1767226499000 };
    const { events } = parseMessagingWebhook(page([
      { ...msg, message: { mid: 'm_1', text: 'hello' } },
      { ...msg, delivery: { mids: ['m_out_1', 'm_out_2'], watermark: 1767226498000 } },
      { ...msg, read: { watermark: 1767226498500 } },
    ]));
    assert.deepEqual(events.map((e) => [e.channel, e.accountId, e.customerId, e.kind]), [
      ['messenger', PAGE, PSID, 'message'], ['messenger', PAGE, PSID, 'delivery'], ['messenger', PAGE, PSID, 'read'],
    ]);
    const [, delivery, read] = events;
    assert.deepEqual(delivery!.kind === 'delivery' && [delivery!.mids, delivery!.watermark?.toISOString()], [['m_out_1', 'm_out_2'], '2026-01-01T00:14:58.000Z']);
    assert.equal(read!.kind === 'read' && read!.watermark?.toISOString(), '2026-01-01T00:14:58.500Z');
  });

  it('marks events on the standby channel (another app owns the thread)', () => {
    const e = one(page([{ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: 1767226499000, message: { mid: 'm_s', text: 'hi' } }], 'standby'));
    assert.equal(e.standby, true);
  });

  it('tolerates unknown fields and keeps what it cannot use, with a reason', () => {
    const { events, ignored } = parseMessagingWebhook({
      object: 'instagram',
      entry: [
        { id: IG, messaging: [fromUser({ message: { mid: 'x', text: 'ok', brand_new_field: { a: 1 } }, extra: true }), fromUser({ optin: { ref: 'x' } }), { recipient: { id: IG }, message: { mid: 'y' } }, fromUser({ message: { text: 'no mid' } })] },
        { messaging: [fromUser({ message: { mid: 'z' } })] },
        { id: IG, changes: [{ field: 'comments', value: {} }] },
      ],
    });
    assert.deepEqual(events.map((e) => e.kind === 'message' && e.mid), ['x']);
    assert.deepEqual(ignored.map((i) => i.reason), [
      'event optin not handled',
      'messaging item without sender or recipient',
      'message without mid',
      'entry without id',
      'field comments not handled',
    ]);
  });

  it('never throws on hostile bodies, and uses the entry time or now for a bad timestamp', () => {
    for (const body of [null, 42, 'x', [], {}, { object: 'whatsapp_business_account', entry: [] }, { object: 'page', entry: 'x' }, { object: 'page', entry: [null, 1, { id: {} }] }]) {
      assert.doesNotThrow(() => parseMessagingWebhook(body));
      assert.deepEqual(parseMessagingWebhook(body).events, []);
    }
    const e = one(ig(fromUser({ message: { mid: 't' } }, 1e20 as number)));
    assert.equal(e.timestamp.toISOString(), '2026-01-01T00:15:00.123Z', 'the entry time');
  });
});
