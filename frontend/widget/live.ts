// The live widget: the visitor's session, history, stream, sending, typing, read receipts and
// unread badge, feeding the view. A page view costs one GET /config (or one POST /session for a
// returning visitor); the stream opens only once the visitor has a conversation (a message in the
// history, or their first one sent), so visitors who never write hold no connection. The token
// comes from the host page's storage through the loader (host-link.ts) before the first call.

import type { PublicWidgetView, WidgetMessageView } from '../../server/webchat/schema.ts';
import { createApi, type Session } from './api.ts';
import { newClientId } from './client-id.ts';
import { reconnectDelay } from './backoff.ts';
import { ApiError, describeError } from './errors.ts';
import { hostBackedSlots } from './host-link.ts';
import { type PreChatValues, visibleFields } from './prechat.ts';
import type { FrameStateMessage } from './protocol.ts';
import type { SseEvent } from './sse.ts';
import { seenSlot, tokenSlot } from './storage.ts';
import { startStream } from './stream.ts';
import { compareIds, ThreadStore } from './thread-store.ts';
import { TYPING_IDLE_MS, type TypingState, typingOnInput, typingOnStop } from './typing.ts';
import { WidgetView } from './view.ts';

const PAGE = 50;
const CATCH_UP_PAGE = 100;
const NOTICE_AFTER_MS = 4000; // a stream blip shorter than this is not worth a line

/** A message event's data, checked before it is shown (the stream is ours, but a proxy may not be). */
function parseMessage(data: string): WidgetMessageView | null {
  try {
    const m = JSON.parse(data) as WidgetMessageView;
    return m && typeof m.id === 'string' && /^\d+$/.test(m.id) && (m.from === 'visitor' || m.from === 'business') ? m : null;
  } catch {
    return null;
  }
}

export function startLive(root: HTMLElement, key: string, hostOrigin: string, post: (m: FrameStateMessage) => void): void {
  const store = new ThreadStore();
  let widget: PublicWidgetView | null = null;
  let session: Session | null = null;
  let sessionCall: Promise<Session | null> | null = null;
  // Another tab's token is taken only before this frame has a session (one visitor per thread shown).
  const slots = hostBackedSlots(window, hostOrigin, tokenSlot(key), seenSlot(key), () => sessionCall === null);
  const api = createApi(key, hostOrigin, slots.token);
  const seen = slots.seen;
  let sessionError: unknown = null;
  let historyLoaded = false;
  let stopStream: (() => void) | null = null;
  let streamNotice = 0;
  let typing: TypingState = { sentAt: null };
  let typingIdle = 0;
  let readSent: string | null = null;
  let loadingOlder = false;
  let preChatSkipped = false;

  const view = new WidgetView(
    root,
    {
      onOpenChange: (open) => {
        if (open) void ensureSession().then((s) => s && loadHistory());
        else stopTyping();
        refresh();
      },
      onSend: (text) => void send(text),
      onRetry: (clientId) => {
        const p = store.retryPending(clientId);
        if (p) void deliver(p.clientId, p.text);
      },
      onTextInput: (text) => {
        window.clearTimeout(typingIdle);
        if (!store.size) return; // no conversation yet: nobody to show it to
        signalTyping(typingOnInput(typing, Date.now(), text));
        typingIdle = window.setTimeout(stopTyping, TYPING_IDLE_MS);
      },
      onPreChat: (body) => void saveVisitor(body, true),
      onPreChatSkip: () => {
        preChatSkipped = true;
        updateForms();
      },
      onLeaveEmail: (email) => void saveVisitor({ email }, false),
      onWhatsApp: () => void api.click().catch(() => {}), // counting is best effort; the link opens anyway
      onNearTop: () => void loadOlder(),
    },
    post,
  );

  function signalTyping(step: ReturnType<typeof typingOnInput>): void {
    typing = step.state;
    if (step.send !== null) api.typing(step.send).catch(() => {}); // a lost typing signal is harmless
  }
  function stopTyping(): void {
    window.clearTimeout(typingIdle);
    signalTyping(typingOnStop(typing));
  }

  /** Redraws the thread, the badge and the forms, and sends a read receipt when the visitor can see it. */
  function refresh(follow = false): void {
    view.thread.render(store.items(), follow);
    view.setTop(store.hasOlder, loadingOlder);
    const newest = store.newestBusinessId();
    const watching = view.open && document.visibilityState === 'visible';
    if (view.open && newest) seen.set(newest);
    view.setUnread(view.open ? 0 : store.businessAfter(seen.get()));
    if (watching && newest && session && (!readSent || compareIds(newest, readSent) > 0)) {
      readSent = newest;
      api.read(newest).catch(() => (readSent = null));
    }
    updateForms();
  }

  function updateForms(): void {
    if (!widget || widget.mode === 'whatsapp') return;
    const visitor = session?.visitor ?? null;
    const fields = visibleFields(widget.preChat);
    const required = session ? session.needsPreChat : fields.some((f) => widget!.preChat[f] === 'required');
    const knownVisitor = !!(visitor?.name || visitor?.email || visitor?.phone);
    const optional = fields.length > 0 && !knownVisitor && store.size === 0 && !preChatSkipped;
    const form = required || optional;
    view.showPreChat(form ? widget.preChat : null, { name: visitor?.name ?? '', email: visitor?.email ?? '', phone: visitor?.phone ?? '' });
    view.setOffline(!widget.online, widget.offlineMessage, !form && !visitor?.email, visitor?.email ?? null);
  }

  function useWidget(w: PublicWidgetView): void {
    widget = w;
    view.applyWidget(w);
    updateForms();
  }

  function ensureSession(): Promise<Session | null> {
    sessionCall ??= slots.ready.then(api.session).then(
      (s) => {
        session = s;
        useWidget(s.widget);
        return s;
      },
      (err: unknown) => {
        sessionCall = null;
        sessionError = err;
        view.setNotice(describeError(err));
        return null;
      },
    );
    return sessionCall;
  }

  async function loadHistory(): Promise<void> {
    if (historyLoaded) return;
    try {
      const page = await api.history({ limit: PAGE });
      historyLoaded = true;
      store.hasOlder = page.hasOlder;
      store.add(page.messages);
      // First visit with this storage: what is already there is not "new".
      if (seen.get() === null) seen.set(store.newestBusinessId() ?? '0');
      refresh(true);
      if (store.size) openStream();
    } catch (err) {
      view.setNotice(describeError(err));
    }
  }

  async function loadOlder(): Promise<void> {
    const before = store.oldestId();
    if (!store.hasOlder || loadingOlder || !before) return;
    loadingOlder = true;
    view.setTop(store.hasOlder, true);
    try {
      const page = await api.history({ before, limit: PAGE });
      store.hasOlder = page.hasOlder;
      store.add(page.messages);
    } catch (err) {
      view.setNotice(describeError(err));
    } finally {
      loadingOlder = false;
      refresh();
    }
  }

  /**
   * Once the stream is registered (its `ready` event), on the first open as on each reconnect:
   * everything after the newest message held, page by page. The answer to a first message can be
   * written before the stream exists; only this brings it.
   */
  async function catchUp(): Promise<void> {
    for (let page = 0; page < 20; page++) {
      const after = store.newestId();
      if (!after) return;
      const { messages } = await api.history({ after, limit: CATCH_UP_PAGE });
      if (store.add(messages).length) refresh();
      if (messages.length < CATCH_UP_PAGE) return;
    }
  }

  function catchUpSoon(attempt = 0): void {
    catchUp().catch(() => attempt < 3 && window.setTimeout(() => catchUpSoon(attempt + 1), reconnectDelay(attempt, Math.random)));
  }

  function onEvent(event: SseEvent): void {
    if (event.event === 'ready') catchUpSoon();
    else if (event.event === 'message') {
      const message = parseMessage(event.data);
      if (!message) return;
      if (store.add([message]).length && message.from === 'business') view.setTyping(null);
      refresh();
    } else if (event.event === 'typing') {
      try {
        const { typing: on, author } = JSON.parse(event.data) as { typing?: unknown; author?: unknown };
        view.setTyping(on === true ? (typeof author === 'string' ? author : '') : null);
      } catch {
        // a malformed typing event only loses an indicator
      }
    }
  }

  function openStream(): void {
    stopStream ??= startStream({
      open: (signal) => api.stream(signal),
      onEvent,
      onState: (err, final) => {
        window.clearTimeout(streamNotice);
        if (!err) view.setNotice(null);
        else if (final) view.setNotice(describeError(err));
        else streamNotice = window.setTimeout(() => view.setNotice(err instanceof ApiError && err.status === 0 ? describeError(err) : 'Reconnecting…'), NOTICE_AFTER_MS);
      },
    });
  }

  async function send(text: string): Promise<void> {
    stopTyping();
    const clientId = newClientId();
    store.addPending(clientId, text);
    refresh(true);
    if (!(await ensureSession())) {
      store.failPending(clientId, describeError(sessionError).replace(/\.$/, ''));
      return refresh();
    }
    await deliver(clientId, text);
  }

  async function deliver(clientId: string, text: string): Promise<void> {
    refresh(true);
    try {
      const message = await api.send(clientId, text);
      store.add([message]);
      view.setNotice(null);
      refresh(true);
      openStream();
    } catch (err) {
      if (err instanceof ApiError && (err.status === 409 || err.status === 422) && session) {
        session.needsPreChat = true; // the form became required since the session began
      }
      store.failPending(clientId, describeError(err).replace(/\.$/, ''));
      refresh();
    }
  }

  async function saveVisitor(body: PreChatValues, fromForm: boolean): Promise<void> {
    const s = await ensureSession();
    if (!s) return;
    try {
      s.visitor = await api.visitor(body);
      if (fromForm) s.needsPreChat = false;
      preChatSkipped ||= fromForm;
      view.setNotice(null);
      refresh();
    } catch (err) {
      view.setNotice(describeError(err));
    }
  }

  document.addEventListener('visibilitychange', () => refresh());

  /** The launcher needs the widget's settings; a returning visitor gets them with the session. */
  async function boot(attempt = 0): Promise<void> {
    try {
      await slots.ready;
      if (slots.token.get()) {
        if (!(await ensureSession())) throw sessionError;
        await loadHistory();
      } else useWidget(await api.config());
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      if (status >= 400 && status < 500 && status !== 429) return view.hide(); // unknown key, site not allowed
      window.setTimeout(() => void boot(attempt + 1), reconnectDelay(attempt, Math.random, err instanceof ApiError ? err.retryAfterMs : 0));
    }
  }
  void boot();
}
