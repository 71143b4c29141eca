import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { onLiveChange } from '../../live/changes.ts';

// "Typing…" both ways on web chat: the agent's composer tells the visitor's widget (at most one
// POST every 3 s while typing, and a stop on send or blur), and a visitor typing in the open
// conversation shows in the thread for 5 s after their last keystroke signal. Best effort: a
// typing signal that fails is dropped, it must never disturb the reply itself.

/** One "still typing" signal at most this often while the agent types. */
export const TYPING_EVERY_MS = 3_000;
/** A visitor's "typing" shows this long after the last signal (the widget repeats it while they type). */
export const VISITOR_TYPING_MS = 5_000;

const postTyping = (conversationId: string, typing: boolean) =>
  api<void>(`/inbox/conversations/${encodeURIComponent(conversationId)}/typing`, { method: 'POST', body: { typing } }).catch(() => {});

/** For the composer: `typed()` on each keystroke, `stopped()` on send, blur and when the box empties. */
export function useTypingSignal(conversationId: string, enabled: boolean) {
  const lastSent = useRef(0);
  const typing = useRef(false);
  const stop = useRef(() => {});
  stop.current = () => {
    if (!typing.current) return;
    typing.current = false;
    lastSent.current = 0;
    void postTyping(conversationId, false);
  };
  // Leaving the conversation (or the page) while typing: the visitor must not see "typing…" for ever.
  useEffect(() => () => stop.current(), [conversationId]);
  return {
    typed: () => {
      if (!enabled) return;
      const now = Date.now();
      if (now - lastSent.current < TYPING_EVERY_MS) return;
      lastSent.current = now;
      typing.current = true;
      void postTyping(conversationId, true);
    },
    stopped: () => stop.current(),
  };
}

interface TypingChange {
  topic: string;
  action?: string;
  id?: string | null;
  /** The server's signal: `{typing, from: 'visitor' | 'agent', author}` (a bare boolean is read too). */
  typing?: unknown;
}

/** What a live `typing` change means for the open conversation: show, hide, or not about it. */
export function visitorTypingSignal(change: TypingChange, conversationId: string): 'start' | 'stop' | null {
  if (change.topic !== 'typing' || change.id !== conversationId) return null;
  const signal = (typeof change.typing === 'object' && change.typing !== null ? change.typing : { typing: change.typing }) as { typing?: unknown; from?: unknown };
  // A team member typing (announced for the visitor's widget, and to every dashboard) is not the visitor.
  if (signal.from === 'agent') return null;
  return change.action === 'delete' || signal.typing === false ? 'stop' : 'start';
}

/** True while the visitor of this conversation is typing; a new message in the thread ends it. */
export function useVisitorTyping(conversationId: string, newestMessageId: string | undefined): boolean {
  const [typing, setTyping] = useState(false);
  useEffect(() => {
    let timer = 0;
    const off = onLiveChange((change) => {
      const signal = visitorTypingSignal(change, conversationId);
      if (!signal) return;
      window.clearTimeout(timer);
      setTyping(signal === 'start');
      if (signal === 'start') timer = window.setTimeout(() => setTyping(false), VISITOR_TYPING_MS);
    });
    return () => {
      off();
      window.clearTimeout(timer);
      setTyping(false);
    };
  }, [conversationId]);
  // Their message arrived: they are no longer typing it.
  useEffect(() => setTyping(false), [newestMessageId]);
  return typing;
}
