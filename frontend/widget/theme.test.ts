import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accentColor, DEFAULT_COLOR, textOn } from './theme.ts';
import { previewWidget, whatsappLink } from './preview-settings.ts';
import { TEXT_MAX } from './ui.ts';
import { WIDGET_TEXT_MAX, publicWidgetView, widgetSettings } from '../../server/webchat/schema.ts';

describe('widget theme and preview settings', () => {
  it('keeps text readable on any accent colour', () => {
    assert.equal(textOn('#0f766e'), '#ffffff');
    assert.equal(textOn('#000000'), '#ffffff');
    assert.equal(textOn('#ffffff'), '#111827');
    assert.equal(textOn('#fde047'), '#111827'); // yellow
    assert.equal(accentColor('#12ab'), DEFAULT_COLOR);
    assert.equal(accentColor(' #AbCdEf '), '#AbCdEf');
  });

  it('shows the server defaults for settings not given or half typed', () => {
    const defaults = widgetSettings.parse({ name: 'Your business' });
    const w = previewWidget({ color: '#12', position: 'up', preChat: { name: 'maybe', email: 'required' }, avatarUrl: 'javascript:x' });
    assert.equal(publicWidgetView.safeParse(w).success, true);
    assert.equal(w.color, defaults.color);
    assert.equal(w.launcherText, defaults.launcherText);
    assert.equal(w.greeting, defaults.greeting);
    assert.equal(w.offlineMessage, defaults.offlineMessage);
    assert.equal(w.position, 'right');
    assert.deepEqual(w.preChat, { name: 'off', email: 'required', phone: 'off' });
    assert.equal(w.avatarUrl, null);
    assert.equal(w.online, true);
    assert.equal(previewWidget(null, false).online, false);
  });

  it('builds the wa.me link of WhatsApp mode', () => {
    const w = previewWidget({ mode: 'whatsapp', whatsapp: { number: '919876543210', text: 'Hi & hello?' } });
    assert.equal(w.whatsappUrl, 'https://wa.me/919876543210?text=Hi%20%26%20hello%3F');
    assert.equal(whatsappLink('14155550100', ''), 'https://wa.me/14155550100');
    assert.equal(previewWidget({ mode: 'whatsapp', whatsapp: { number: '12' } }).whatsappUrl, null);
  });

  it("uses the server's message length limit", () => {
    assert.equal(TEXT_MAX, WIDGET_TEXT_MAX);
  });
});
