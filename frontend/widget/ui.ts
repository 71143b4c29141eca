// The frame's elements, built once: the launcher (a <button>, or a link in WhatsApp mode), and the
// panel (role="dialog") with its header, thread (role="log"), typing line, notice line, offline
// box, pre-chat form and composer. Behaviour lives in view.ts; this file is only the skeleton, so
// the accessible names and relations (aria-controls, labels) are all visible in one place.

import { h, icon, ICONS } from './dom.ts';

/** The server's WIDGET_TEXT_MAX (server/webchat/schema.ts; a test keeps them equal): importing it would bundle zod. */
export const TEXT_MAX = 4000;

export type Ui = ReturnType<typeof buildUi>;

export function buildUi(root: HTMLElement) {
  const badge = h('span', { class: 'badge', hidden: true });
  const launcherText = h('span', { class: 'launcher-text' });
  const launcher = h(
    'button',
    { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'panel', 'aria-haspopup': 'dialog' },
    icon(ICONS.chat, 22),
    launcherText,
    badge,
  );
  const whatsappText = h('span', { class: 'launcher-text' });
  const whatsapp = h('a', { class: 'launcher whatsapp', target: '_blank', rel: 'noopener noreferrer', hidden: true }, icon(ICONS.whatsapp, 22), whatsappText);

  const avatar = h('img', { class: 'avatar', alt: '', width: 36, height: 36, hidden: true });
  const avatarInitial = h('span', { class: 'avatar initial', 'aria-hidden': 'true' });
  const title = h('h1', { class: 'title', id: 'panel-title' });
  const statusText = h('span');
  const status = h('p', { class: 'status' }, h('span', { class: 'dot', 'aria-hidden': 'true' }), statusText);
  const close = h('button', { class: 'close', type: 'button', 'aria-label': 'Close chat' }, icon(ICONS.close));

  const greeting = h('div', { class: 'msg business greeting' }, h('p', { class: 'bubble' }));
  const older = h('p', { class: 'older', hidden: true }, 'Loading earlier messages…');
  const messages = h('div', { class: 'messages' });
  const thread = h('div', { class: 'thread', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages', tabindex: '0' }, older, greeting, messages);
  const typing = h('p', { class: 'typing', hidden: true, 'aria-live': 'polite' });
  const notice = h('p', { class: 'notice', role: 'status', hidden: true });

  const offlineText = h('p', { class: 'offline-text' });
  const leaveEmail = h('input', { id: 'leave-email', class: 'input', type: 'email', autocomplete: 'email', required: true, maxlength: 254 });
  const leaveEmailError = h('p', { class: 'field-error', id: 'leave-email-error', hidden: true });
  const leaveEmailForm = h(
    'form',
    { class: 'leave-email', novalidate: true },
    h('label', { for: 'leave-email' }, 'Leave your email and we will reply there'),
    h('div', { class: 'row' }, leaveEmail, h('button', { class: 'button', type: 'submit' }, 'Save')),
    leaveEmailError,
  );
  const offline = h('div', { class: 'offline', hidden: true }, offlineText, leaveEmailForm);

  const preChatFields = h('div', { class: 'fields' });
  const preChatSkip = h('button', { class: 'button secondary', type: 'button', hidden: true }, 'Skip');
  const preChat = h(
    'form',
    { class: 'prechat', novalidate: true, hidden: true, 'aria-labelledby': 'prechat-title' },
    h('p', { class: 'prechat-title', id: 'prechat-title' }, 'Before we start, tell us who you are'),
    preChatFields,
    h('div', { class: 'row end' }, preChatSkip, h('button', { class: 'button', type: 'submit' }, 'Start chat')),
  );

  const text = h('textarea', {
    id: 'composer-text',
    class: 'input',
    rows: 1,
    maxlength: TEXT_MAX,
    placeholder: 'Write a message…',
    'aria-describedby': 'composer-hint composer-count',
    enterkeyhint: 'send',
  });
  const count = h('span', { class: 'count', id: 'composer-count', hidden: true });
  const send = h('button', { class: 'send', type: 'submit', 'aria-label': 'Send message' }, icon(ICONS.send));
  const composer = h(
    'form',
    { class: 'composer' },
    h('label', { class: 'sr-only', for: 'composer-text' }, 'Message'),
    h('div', { class: 'row' }, text, send),
    h('p', { class: 'hint' }, h('span', { id: 'composer-hint' }, 'Enter to send, Shift+Enter for a new line'), count),
  );

  const panel = h(
    'section',
    { class: 'panel', id: 'panel', role: 'dialog', 'aria-label': 'Chat', hidden: true },
    h('header', { class: 'header' }, avatar, avatarInitial, h('div', { class: 'heading' }, title, status), close),
    thread,
    typing,
    notice,
    offline,
    preChat,
    composer,
  );

  root.append(launcher, whatsapp, panel);
  return {
    root, launcher, launcherText, badge, whatsapp, whatsappText, panel, avatar, avatarInitial, title, status, statusText, close,
    thread, greeting, older, messages, typing, notice, offline, offlineText, leaveEmailForm, leaveEmail, leaveEmailError,
    preChat, preChatFields, preChatSkip, composer, text, count, send,
  };
}
