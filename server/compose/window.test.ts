import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNELS } from '../channels/channel.ts';
import { FREE_FORM_MS, HUMAN_AGENT_MS, replyWindow, sendAllowed, type SendKind } from './window.ts';

const last = new Date('2026-03-01T10:00:00Z');
const at = (ms: number) => new Date(last.getTime() + ms);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('reply windows', () => {
  it('WhatsApp: free-form for 24 hours, then template only (closed at the 24-hour mark)', () => {
    for (const ms of [0, 1, FREE_FORM_MS - 1]) {
      const w = replyWindow('whatsapp', last, at(ms));
      assert.deepEqual([w.state, iso(w.endsAt), w.closedAt], ['open', iso(at(FREE_FORM_MS)), null], `at +${ms} ms`);
    }
    for (const ms of [FREE_FORM_MS, FREE_FORM_MS + 1, HUMAN_AGENT_MS, 365 * 86_400_000]) {
      const w = replyWindow('whatsapp', last, at(ms));
      assert.deepEqual([w.state, w.endsAt, iso(w.closedAt)], ['template_only', null, iso(at(FREE_FORM_MS))], `at +${ms} ms`);
    }
  });

  for (const channel of ['instagram', 'messenger'] as const) {
    it(`${channel}: open for 24 hours, the HUMAN_AGENT tag up to 7 days, then closed`, () => {
      assert.deepEqual(pick(replyWindow(channel, last, at(FREE_FORM_MS - 1))), ['open', iso(at(FREE_FORM_MS)), null]);
      assert.deepEqual(pick(replyWindow(channel, last, at(FREE_FORM_MS))), ['human_agent', iso(at(HUMAN_AGENT_MS)), null]);
      assert.deepEqual(pick(replyWindow(channel, last, at(HUMAN_AGENT_MS - 1))), ['human_agent', iso(at(HUMAN_AGENT_MS)), null]);
      assert.deepEqual(pick(replyWindow(channel, last, at(HUMAN_AGENT_MS))), ['closed', null, iso(at(HUMAN_AGENT_MS))]);
      assert.deepEqual(pick(replyWindow(channel, last, at(30 * 86_400_000))), ['closed', null, iso(at(HUMAN_AGENT_MS))]);
    });
  }

  it('a customer who never wrote: template only on WhatsApp, closed elsewhere, with no times', () => {
    assert.deepEqual(replyWindow('whatsapp', null, last), { state: 'template_only', lastCustomerMessageAt: null, endsAt: null, closedAt: null });
    assert.deepEqual(replyWindow('instagram', null, last), { state: 'closed', lastCustomerMessageAt: null, endsAt: null, closedAt: null });
  });

  it("a last message in the future (a customer's clock ahead of ours) keeps the window open", () => {
    assert.equal(replyWindow('messenger', at(60_000), last).state, 'open');
  });

  it('what may be sent in each state, on each channel', () => {
    const table: Array<[string, number | null, SendKind, string]> = [];
    for (const channel of CHANNELS) {
      for (const [label, ms] of [['open', 0], ['day 2', FREE_FORM_MS + 1], ['day 8', HUMAN_AGENT_MS + 1], ['never', null]] as const) {
        for (const kind of ['text', 'media', 'template'] as const) {
          const w = replyWindow(channel, ms === null ? null : last, ms === null ? last : at(ms));
          const r = sendAllowed(channel, w, kind);
          table.push([`${channel} ${label}`, ms, kind, r.ok ? (r.humanAgent ? 'HUMAN_AGENT' : 'yes') : r.code]);
        }
      }
    }
    const got = table.map(([where, , kind, outcome]) => `${where} ${kind}: ${outcome}`);
    assert.deepEqual(got, [
      'whatsapp open text: yes', 'whatsapp open media: yes', 'whatsapp open template: yes',
      'whatsapp day 2 text: window_closed', 'whatsapp day 2 media: window_closed', 'whatsapp day 2 template: yes',
      'whatsapp day 8 text: window_closed', 'whatsapp day 8 media: window_closed', 'whatsapp day 8 template: yes',
      'whatsapp never text: window_closed', 'whatsapp never media: window_closed', 'whatsapp never template: yes',
      'instagram open text: yes', 'instagram open media: yes', 'instagram open template: template_whatsapp_only',
      'instagram day 2 text: HUMAN_AGENT', 'instagram day 2 media: HUMAN_AGENT', 'instagram day 2 template: template_whatsapp_only',
      'instagram day 8 text: window_closed', 'instagram day 8 media: window_closed', 'instagram day 8 template: template_whatsapp_only',
      'instagram never text: window_closed', 'instagram never media: window_closed', 'instagram never template: template_whatsapp_only',
      'messenger open text: yes', 'messenger open media: yes', 'messenger open template: template_whatsapp_only',
      'messenger day 2 text: HUMAN_AGENT', 'messenger day 2 media: HUMAN_AGENT', 'messenger day 2 template: template_whatsapp_only',
      'messenger day 8 text: window_closed', 'messenger day 8 media: window_closed', 'messenger day 8 template: template_whatsapp_only',
      'messenger never text: window_closed', 'messenger never media: window_closed', 'messenger never template: template_whatsapp_only',
      'webchat open text: yes', 'webchat open media: yes', 'webchat open template: template_whatsapp_only',
      'webchat day 2 text: yes', 'webchat day 2 media: yes', 'webchat day 2 template: template_whatsapp_only',
      'webchat day 8 text: yes', 'webchat day 8 media: yes', 'webchat day 8 template: template_whatsapp_only',
      'webchat never text: yes', 'webchat never media: yes', 'webchat never template: template_whatsapp_only',
    ]);
  });

  it('web chat has no window: open whenever, with no end, and templates refused in its words', () => {
    for (const [lastAt, now] of [[null, last], [last, at(365 * 86_400_000)]] as const) {
      assert.deepEqual(replyWindow('webchat', lastAt, now), { state: 'open', lastCustomerMessageAt: lastAt, endsAt: null, closedAt: null });
    }
    const r = sendAllowed('webchat', replyWindow('webchat', null, last), 'template');
    assert.ok(!r.ok && /Templates are WhatsApp messages; web chat takes text and media/.test(r.message), JSON.stringify(r));
  });

  it('the refusal says when the window closed', () => {
    const r = sendAllowed('whatsapp', replyWindow('whatsapp', last, at(FREE_FORM_MS + 5)), 'text');
    assert.ok(!r.ok && r.message.includes(at(FREE_FORM_MS).toISOString()), JSON.stringify(r));
    const m = sendAllowed('messenger', replyWindow('messenger', last, at(HUMAN_AGENT_MS + 5)), 'media');
    assert.ok(!m.ok && m.message.includes(at(HUMAN_AGENT_MS).toISOString()), JSON.stringify(m));
  });
});

const pick = (w: ReturnType<typeof replyWindow>) => [w.state, iso(w.endsAt), iso(w.closedAt)];
