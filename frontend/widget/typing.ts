// When the widget tells the team "the visitor is typing". The server keeps at most one typing
// signal a second per visitor and the inbox shows "typing…" for 5 s after the last one, so the
// widget repeats `true` every few seconds while keys are pressed and says `false` once, when the
// visitor stops or sends. Pure: the caller passes the clock and runs the idle timer.

export const TYPING_REPEAT_MS = 3000;
export const TYPING_IDLE_MS = 4000;

/** When `typing: true` was last sent; null while the team is not shown the visitor typing. */
export type TypingState = { sentAt: number | null };

export type TypingStep = { state: TypingState; send: boolean | null };

/** The visitor changed the text. */
export function typingOnInput(state: TypingState, now: number, text: string): TypingStep {
  if (!text.trim()) return typingOnStop(state);
  if (state.sentAt !== null && now - state.sentAt < TYPING_REPEAT_MS && now >= state.sentAt) return { state, send: null };
  return { state: { sentAt: now }, send: true };
}

/** The visitor sent the message, cleared the box, or stopped typing for TYPING_IDLE_MS. */
export function typingOnStop(state: TypingState): TypingStep {
  return state.sentAt === null ? { state, send: null } : { state: { sentAt: null }, send: false };
}
