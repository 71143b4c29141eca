// What the visitor sees and does, whatever feeds it: the live widget (live.ts) and the dashboard's
// preview (preview.ts) drive the same view. It owns the open/closed state, the focus (into the
// panel on open, back to the launcher on close or Escape), the composer's keys (Enter sends,
// Shift+Enter is a new line) and tells the page around it how big to make the iframe.

import type { PublicWidgetView } from '../../server/webchat/schema.ts';
import { renderText } from './dom.ts';
import { buildPreChat, wireLeaveEmail } from './forms.ts';
import type { PreChatModes, PreChatValues } from './prechat.ts';
import { STATE_MESSAGE, type FrameStateMessage } from './protocol.ts';
import { safeMediaUrl } from './text.ts';
import { accentColor, textOn } from './theme.ts';
import { ThreadView } from './thread-view.ts';
import { buildUi, TEXT_MAX, type Ui } from './ui.ts';

/** Room around the launcher inside the closed iframe: its shadow, focus ring and badge. */
const LAUNCHER_MARGIN = 14;
const COUNT_FROM = TEXT_MAX - 500;

export type ViewHandlers = {
  onOpenChange(open: boolean): void;
  onSend(text: string): void;
  onRetry(clientId: string): void;
  onTextInput(text: string): void;
  onPreChat(body: PreChatValues): void;
  onPreChatSkip(): void;
  onLeaveEmail(email: string): void;
  onWhatsApp(): void;
  onNearTop(): void;
};

export class WidgetView {
  readonly ui: Ui;
  readonly thread: ThreadView;
  open = false;
  private widget: PublicWidgetView | null = null;
  private visible = false;
  private typingTimer = 0;

  constructor(
    root: HTMLElement,
    private readonly handlers: ViewHandlers,
    private readonly post: (message: FrameStateMessage) => void,
  ) {
    const ui = (this.ui = buildUi(root));
    this.thread = new ThreadView(ui.thread, ui.messages, (id) => handlers.onRetry(id));
    ui.launcher.addEventListener('click', () => this.setOpen(true));
    ui.close.addEventListener('click', () => this.setOpen(false));
    ui.whatsapp.addEventListener('click', () => handlers.onWhatsApp());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.open) {
        event.preventDefault();
        this.setOpen(false);
      }
    });
    ui.thread.addEventListener('scroll', () => ui.thread.scrollTop < 48 && handlers.onNearTop(), { passive: true });
    ui.preChatSkip.addEventListener('click', () => handlers.onPreChatSkip());
    wireLeaveEmail(ui, (email) => handlers.onLeaveEmail(email));
    this.wireComposer();
    new ResizeObserver(() => this.report()).observe(ui.launcher);
    new ResizeObserver(() => this.report()).observe(ui.whatsapp);
    this.report();
  }

  private wireComposer(): void {
    const { text, composer } = this.ui;
    text.addEventListener('keydown', (event) => {
      // isComposing: Enter that confirms an IME word (Japanese, Chinese) is not a send.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        composer.requestSubmit();
      }
    });
    text.addEventListener('input', () => {
      this.fitComposer();
      this.handlers.onTextInput(text.value);
    });
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      const message = text.value.trim();
      if (!message) return;
      this.handlers.onSend(message);
      text.value = '';
      this.fitComposer();
      text.focus();
    });
  }

  /** Grows the box with its text (up to the CSS max-height) and shows the count near the limit. */
  private fitComposer(): void {
    const { text, count } = this.ui;
    text.style.height = 'auto';
    text.style.height = `${text.scrollHeight}px`;
    const length = text.value.length;
    count.hidden = length < COUNT_FROM;
    count.textContent = length >= TEXT_MAX ? `Limit reached: ${TEXT_MAX.toLocaleString('en')} characters` : `${length.toLocaleString('en')} / ${TEXT_MAX.toLocaleString('en')}`;
    count.classList.toggle('limit', length >= TEXT_MAX);
  }

  /** Tells the page around the frame (the loader, or the dashboard's preview) how to size the iframe. */
  report(): void {
    const launcher = this.widget?.mode === 'whatsapp' ? this.ui.whatsapp : this.ui.launcher;
    const box = launcher.getBoundingClientRect();
    this.post({
      type: STATE_MESSAGE,
      open: this.open,
      width: Math.ceil(box.width) + 2 * LAUNCHER_MARGIN,
      height: Math.ceil(box.height) + 2 * LAUNCHER_MARGIN,
      position: this.widget?.position ?? 'right',
      visible: this.visible,
    });
  }

  applyWidget(widget: PublicWidgetView): void {
    const { ui } = this;
    this.widget = widget;
    this.visible = true;
    const accent = accentColor(widget.color);
    ui.root.style.setProperty('--accent', accent);
    ui.root.style.setProperty('--on-accent', textOn(accent));
    ui.root.dataset.position = widget.position;
    ui.root.dataset.online = String(widget.online);
    ui.root.hidden = false;
    const whatsapp = widget.mode === 'whatsapp' && widget.whatsappUrl ? safeMediaUrl(widget.whatsappUrl, location.origin) : null;
    // WhatsApp mode without its link (a half-typed preview) shows nothing rather than a chat nobody reads.
    if (widget.mode === 'whatsapp' && !whatsapp) return this.hide();
    ui.launcher.hidden = this.open || !!whatsapp;
    ui.whatsapp.hidden = !whatsapp;
    if (whatsapp) ui.whatsapp.href = whatsapp;
    ui.launcherText.textContent = widget.launcherText || 'Chat';
    ui.whatsappText.textContent = widget.launcherText || 'WhatsApp';
    ui.whatsapp.setAttribute('aria-label', `${widget.launcherText || 'Chat'} on WhatsApp (opens a new tab)`);
    ui.panel.setAttribute('aria-label', `Chat with ${widget.name}`);
    ui.title.textContent = widget.name;
    ui.avatarInitial.textContent = widget.name.trim().charAt(0).toUpperCase() || '?';
    const avatar = widget.avatarUrl ? safeMediaUrl(widget.avatarUrl, location.origin) : null;
    ui.avatar.hidden = !avatar;
    ui.avatarInitial.hidden = !!avatar;
    if (avatar && ui.avatar.src !== avatar) {
      ui.avatar.onerror = () => {
        ui.avatar.hidden = true;
        ui.avatarInitial.hidden = false;
      };
      ui.avatar.src = avatar;
    }
    ui.statusText.textContent = widget.online ? 'Online' : 'Away';
    ui.greeting.querySelector('.bubble')!.replaceChildren(renderText(widget.greeting));
    ui.greeting.hidden = !widget.greeting;
    this.setUnread(Number(ui.badge.dataset.count ?? 0));
    if (whatsapp && this.open) this.setOpen(false);
    this.report();
  }

  /** The key does not exist (or the site is not allowed): nothing to show. */
  hide(): void {
    this.visible = false;
    this.ui.root.hidden = true;
    this.report();
  }

  /** `moveFocus` false: the preview opens without taking the focus from the dashboard's editor. */
  setOpen(open: boolean, moveFocus = true): void {
    if (open === this.open || (open && this.widget?.mode === 'whatsapp')) return;
    const { ui } = this;
    this.open = open;
    ui.panel.hidden = !open;
    ui.launcher.hidden = open;
    ui.launcher.setAttribute('aria-expanded', String(open));
    ui.root.dataset.open = String(open);
    this.report();
    if (open) {
      this.thread.scrollToBottom();
      if (moveFocus) this.focusPanel();
    } else {
      window.clearTimeout(this.typingTimer);
      if (moveFocus) ui.launcher.focus();
    }
    this.handlers.onOpenChange(open);
  }

  /** Into the panel: the first form field or the composer; on touch screens the dialog itself (no keyboard popping up). */
  focusPanel(): void {
    if (!this.open) return;
    const { ui } = this;
    const field = !ui.preChat.hidden ? ui.preChatFields.querySelector('input') : ui.composer.hidden ? null : ui.text;
    const fine = window.matchMedia('(pointer: fine)').matches;
    if (field && fine) field.focus();
    else {
      ui.panel.tabIndex = -1;
      ui.panel.focus();
    }
  }

  /**
   * After the panel changed under the focus (the pre-chat form came or went): the focus goes back
   * into the panel, but only if it was in this frame and is now lost (never taken from the page
   * around, e.g. the dashboard's editor beside a preview).
   */
  keepFocus(): void {
    if (!this.open || !document.hasFocus()) return;
    const active = document.activeElement as HTMLElement | null;
    if (active && active !== document.body && active !== this.ui.panel && this.ui.panel.contains(active) && active.offsetParent !== null) return;
    this.focusPanel();
  }

  setUnread(count: number): void {
    const { badge, launcher } = this.ui;
    badge.dataset.count = String(count);
    badge.textContent = count > 9 ? '9+' : String(count);
    badge.hidden = count === 0;
    const text = this.widget?.launcherText || 'Chat';
    launcher.setAttribute('aria-label', count ? `${text}, ${count} unread ${count === 1 ? 'message' : 'messages'}` : text);
  }

  /** "Alex is typing…" until the next message, a typing:false, or a few seconds of silence. */
  setTyping(author: string | null, forMs = 8000): void {
    const { typing } = this.ui;
    window.clearTimeout(this.typingTimer);
    typing.hidden = author === null;
    typing.textContent = author === null ? '' : `${author || 'Someone'} is typing…`;
    if (author !== null) this.typingTimer = window.setTimeout(() => this.setTyping(null), forMs);
  }

  /** One short line under the thread (an error, "Reconnecting…"); null clears it. */
  setNotice(text: string | null): void {
    this.ui.notice.textContent = text ?? '';
    this.ui.notice.hidden = !text;
  }

  /** Shows the pre-chat form (with the composer hidden), or hides it (null). */
  showPreChat(modes: PreChatModes | null, values: PreChatValues = {}): void {
    const { ui } = this;
    const wasHidden = ui.preChat.hidden;
    ui.preChat.hidden = modes === null;
    ui.composer.hidden = modes !== null;
    if (modes && wasHidden) buildPreChat(ui, modes, values, (body) => this.handlers.onPreChat(body));
    if (wasHidden !== ui.preChat.hidden) this.keepFocus();
  }

  /** Outside business hours: the offline message, and the email field until the visitor left one. */
  setOffline(offline: boolean, message: string, askEmail: boolean, savedEmail: string | null): void {
    const { ui } = this;
    ui.offline.hidden = !offline;
    ui.offlineText.replaceChildren(renderText(message));
    if (savedEmail) ui.offlineText.append(document.createElement('br'), `We will reply to ${savedEmail}.`);
    ui.leaveEmailForm.hidden = !askEmail;
  }

  /** Shows whether older messages are being loaded, and the greeting only at the top of the conversation. */
  setTop(hasOlder: boolean, loading: boolean): void {
    this.ui.older.hidden = !loading;
    this.ui.greeting.hidden = hasOlder || !this.widget?.greeting;
  }
}
