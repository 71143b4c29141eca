// The pre-chat form's fields (shown per the widget's off/optional/required settings) and the
// offline "leave your email" box. Validation is prechat.ts; here each message is tied to its
// input (aria-invalid, aria-describedby) and the first wrong field gets the focus.

import { h } from './dom.ts';
import { type PreChatField, type PreChatModes, type PreChatValues, validatePreChat, visibleFields } from './prechat.ts';
import type { Ui } from './ui.ts';

const LABELS: Record<PreChatField, string> = { name: 'Name', email: 'Email', phone: 'Phone (with country code)' };
const INPUT: Record<PreChatField, Record<string, string>> = {
  name: { type: 'text', autocomplete: 'name', maxlength: '100' },
  email: { type: 'email', autocomplete: 'email', maxlength: '254', inputmode: 'email' },
  phone: { type: 'tel', autocomplete: 'tel', maxlength: '24', inputmode: 'tel' },
};

type Field = { input: HTMLInputElement; error: HTMLElement };

function showError(field: Field, message: string | undefined): void {
  field.error.textContent = message ?? '';
  field.error.hidden = !message;
  if (message) field.input.setAttribute('aria-invalid', 'true');
  else field.input.removeAttribute('aria-invalid');
}

/** Fills the pre-chat form for these modes. */
export function buildPreChat(ui: Ui, modes: PreChatModes, values: PreChatValues, onSubmit: (body: PreChatValues) => void): void {
  const fields = new Map<PreChatField, Field>();
  ui.preChatFields.replaceChildren();
  for (const name of visibleFields(modes)) {
    const id = `prechat-${name}`;
    const input = h('input', { id, name, class: 'input', required: modes[name] === 'required', 'aria-describedby': `${id}-error`, ...INPUT[name] });
    input.value = values[name] ?? '';
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const label = h('label', { for: id }, LABELS[name], modes[name] === 'optional' ? h('span', { class: 'optional' }, ' (optional)') : null);
    ui.preChatFields.append(h('div', { class: 'field' }, label, input, error));
    fields.set(name, { input, error });
  }
  ui.preChatSkip.hidden = visibleFields(modes).some((f) => modes[f] === 'required');
  ui.preChat.onsubmit = (event) => {
    event.preventDefault();
    const input: PreChatValues = {};
    for (const [name, field] of fields) input[name] = field.input.value;
    const result = validatePreChat(modes, input);
    for (const [name, field] of fields) showError(field, result.ok ? undefined : result.errors[name]);
    if (result.ok) onSubmit(result.body);
    else [...fields].find(([name]) => !result.ok && result.errors[name])?.[1].input.focus();
  };
}

/** The offline box's email field: checked like the pre-chat email, then handed to onSubmit. */
export function wireLeaveEmail(ui: Ui, onSubmit: (email: string) => void): void {
  const field = { input: ui.leaveEmail, error: ui.leaveEmailError };
  ui.leaveEmail.setAttribute('aria-describedby', 'leave-email-error');
  ui.leaveEmailForm.onsubmit = (event) => {
    event.preventDefault();
    const result = validatePreChat({ name: 'off', email: 'required', phone: 'off' }, { email: ui.leaveEmail.value });
    showError(field, result.ok ? undefined : result.errors.email);
    if (result.ok && result.body.email) onSubmit(result.body.email);
    else ui.leaveEmail.focus();
  };
}
