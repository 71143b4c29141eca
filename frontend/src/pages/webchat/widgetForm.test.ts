import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { widgetSettings } from '../../../../server/webchat/schema.ts';
import { PREVIEW_SETTINGS, type PreviewSettingsMessage } from '../../../widget/protocol.ts';
import { previewWidget } from '../../../widget/preview-settings.ts';
import { visitorTypingSignal } from '../inbox/typing.ts';
import {
  addSpan,
  isDirty,
  newWidgetValues,
  settingsFromValues,
  spansOf,
  valuesFromSettings,
  whatsappUrl,
  widgetPreviewMessage,
  withoutBlankOrigins,
} from './widgetForm.ts';

// The editor's pure parts, checked against the server's own schema: what the form sends must
// parse, and a saved widget must come back into the form unchanged.

describe('widget editor values', () => {
  it('a new widget starts from the schema defaults, so POST stores what the preview showed', () => {
    const values = { ...newWidgetValues('Asia/Kolkata'), name: 'Support' };
    const parsed = widgetSettings.parse(settingsFromValues(values));
    const defaults = widgetSettings.parse({ name: 'Support' });
    assert.deepEqual({ ...parsed, businessHours: { ...parsed.businessHours, timeZone: undefined } }, { ...defaults, businessHours: { ...defaults.businessHours, timeZone: undefined } });
    assert.equal(parsed.businessHours.timeZone, 'Asia/Kolkata', 'the app time zone is sent explicitly');
  });

  it('round-trips a full widget through the schema', () => {
    const settings = widgetSettings.parse({
      name: 'Shop',
      mode: 'whatsapp',
      color: '#112233',
      position: 'left',
      avatarUrl: 'https://cdn.example.com/a.png',
      preChat: { name: 'required', email: 'optional', phone: 'off' },
      businessHours: { enabled: true, timeZone: 'Europe/Paris', days: [{ day: 1, open: '09:00', close: '12:00' }, { day: 1, open: '14:00', close: '00:00' }] },
      allowedOrigins: ['https://shop.example.com', 'https://*.example.org:8443'],
      whatsapp: { number: '919876543210', text: 'Hello' },
    });
    const values = valuesFromSettings(settings, 'Asia/Kolkata');
    assert.deepEqual(widgetSettings.parse(settingsFromValues(values)), settings);
    assert.equal(isDirty(values, valuesFromSettings(settings, 'Asia/Kolkata')), false);
    assert.equal(isDirty({ ...values, color: '#112234' }, values), true);
  });

  it('drops blank origin rows and an empty avatar; keeps the WhatsApp number in chat mode', () => {
    const values = { ...newWidgetValues('UTC'), name: 'x', allowedOrigins: [' https://a.example.com ', '', '  '], avatarUrl: '  ', whatsappNumber: '+91 98765-43210' };
    const body = settingsFromValues(values);
    assert.deepEqual(body.allowedOrigins, ['https://a.example.com']);
    assert.equal(body.avatarUrl, null);
    assert.deepEqual(body.whatsapp, { number: '919876543210', text: '' });
    assert.deepEqual(withoutBlankOrigins(values).allowedOrigins, [' https://a.example.com ']);
  });

  it('WhatsApp mode with no number is refused by the schema at the path the form shows', () => {
    const result = widgetSettings.safeParse(settingsFromValues({ ...newWidgetValues('UTC'), name: 'x', mode: 'whatsapp' }));
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues.map((i) => i.path.join('.')), ['whatsapp']);
  });

  it('an origin with a path gets the schema message at allowedOrigins.<row>', () => {
    const result = widgetSettings.safeParse(settingsFromValues({ ...newWidgetValues('UTC'), name: 'x', allowedOrigins: ['https://ok.example.com', 'https://shop.example.com/page'] }));
    assert.equal(result.error?.issues[0]?.path.join('.'), 'allowedOrigins.1');
  });
});

describe('preview message', () => {
  it("is the frame's own (frontend/widget/protocol.ts): the widgetSettings body, online", () => {
    const values = { ...newWidgetValues('UTC'), name: 'Help', mode: 'whatsapp' as const, whatsappNumber: '+91 98765 43210', whatsappText: 'Hi there & more' };
    const message: PreviewSettingsMessage = widgetPreviewMessage(values, '#000000');
    assert.equal(message.type, PREVIEW_SETTINGS);
    assert.equal(message.online, true);
    assert.deepEqual(widgetSettings.parse(message.settings), widgetSettings.parse(settingsFromValues(values)));
    // What the frame makes of it: the widget as the visitor API would answer, before any save.
    const shown = previewWidget(message.settings, message.online);
    assert.equal(shown.name, 'Help');
    assert.equal(shown.online, true);
    assert.equal(shown.whatsappUrl, 'https://wa.me/919876543210?text=Hi%20there%20%26%20more');
  });

  it('keeps the last valid colour while a hex code is half typed', () => {
    const values = { ...newWidgetValues('UTC'), color: '#12' };
    assert.equal(widgetPreviewMessage(values, '#abcdef').settings.color, '#abcdef');
    assert.equal(widgetPreviewMessage({ ...values, color: '#ABCDEF' }, '#000000').settings.color, '#ABCDEF');
  });

  it('no WhatsApp link for a number the schema would refuse', () => {
    assert.equal(whatsappUrl('123', ''), null);
    assert.equal(whatsappUrl('919876543210', ''), 'https://wa.me/919876543210');
  });
});

describe('business hours', () => {
  it('a day opens 09:00-17:00; a further span starts where the last one closed', () => {
    let days = addSpan([], 1);
    assert.deepEqual(days, [{ day: 1, open: '09:00', close: '17:00' }]);
    days = addSpan(days, 3);
    days = addSpan(days, 1);
    assert.deepEqual(spansOf(days, 1), [
      { span: { day: 1, open: '09:00', close: '17:00' }, index: 0 },
      { span: { day: 1, open: '17:00', close: '20:00' }, index: 2 },
    ]);
    assert.equal(widgetSettings.safeParse({ name: 'x', businessHours: { enabled: true, days } }).success, true);
  });
});

describe('visitor typing on the live stream', () => {
  const c = 'conv-1';
  const visitor = (typing: boolean) => ({ typing, from: 'visitor', author: null });
  it('starts and stops for the open conversation only', () => {
    assert.equal(visitorTypingSignal({ topic: 'typing', action: 'update', id: c, typing: visitor(true) }, c), 'start');
    assert.equal(visitorTypingSignal({ topic: 'typing', action: 'update', id: c, typing: visitor(false) }, c), 'stop');
    assert.equal(visitorTypingSignal({ topic: 'typing', action: 'delete', id: c }, c), 'stop');
    assert.equal(visitorTypingSignal({ topic: 'typing', action: 'update', id: 'other', typing: visitor(true) }, c), null);
    assert.equal(visitorTypingSignal({ topic: 'inbox', action: 'update', id: c }, c), null);
  });
  it("ignores a team member's typing", () => {
    assert.equal(visitorTypingSignal({ topic: 'typing', action: 'update', id: c, typing: { typing: true, from: 'agent', author: 'Asha' } }, c), null);
    assert.equal(visitorTypingSignal({ topic: 'typing', action: 'update', id: c, typing: { typing: false, from: 'agent', author: 'Asha' } }, c), null);
  });
  it('reads a bare boolean too', () => {
    assert.equal(visitorTypingSignal({ topic: 'typing', action: 'update', id: c, typing: true }, c), 'start');
    assert.equal(visitorTypingSignal({ topic: 'typing', action: 'update', id: c, typing: false }, c), 'stop');
  });
});
