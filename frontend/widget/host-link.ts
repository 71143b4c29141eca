// Where the visitor's token lives: in the HOST page's localStorage, kept by the loader. Browsers
// block a cross-site iframe's own storage (Chromium with third-party cookies blocked, incognito,
// Safari), so the frame cannot count on it; the host page's storage is first-party. On start the
// frame says hello to the loader (addressed to the host origin of its URL) and waits, at most
// HANDSHAKE_MS, for the values the loader keeps; after each session answer (and when the last
// message seen moves) it sends them back to be kept. The frame's own storage stays a second
// source: its token is used when the loader has none (a visitor from before, or an old cached
// loader), and the loader then receives it.
//
// Messages are accepted only from the parent window on the host origin; a token is accepted only
// if it looks like one (a JWT's characters, bounded), a seen id only if it is a message id.

import { HELLO_MESSAGE, HOST_VALUES_MESSAGE, STORE_MESSAGE, type FrameHelloMessage, type FrameStoreMessage } from './protocol.ts';
import type { Slot } from './storage.ts';

export const HANDSHAKE_MS = 1500;

export type HostValues = { token: string | null; seen: string | null };

const NOTHING: HostValues = { token: null, seen: null };
const isToken = (v: unknown): v is string => typeof v === 'string' && v.length <= 2000 && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(v);
const isMessageId = (v: unknown): v is string => typeof v === 'string' && /^(0|[1-9]\d{0,17})$/.test(v);

/** The values in a loader's answer, checked; null when `data` is not one. */
export function hostValuesFrom(data: unknown): HostValues | null {
  const m = data as { type?: unknown; token?: unknown; seen?: unknown } | null;
  if (!m || typeof m !== 'object' || m.type !== HOST_VALUES_MESSAGE) return null;
  return { token: isToken(m.token) ? m.token : null, seen: isMessageId(m.seen) ? m.seen : null };
}

type MessageLike = { origin: string; source: unknown; data: unknown };
/** The parts of `window` the link uses (a test passes its own). */
export type FrameWindow = {
  parent: { postMessage(message: unknown, targetOrigin: string): void };
  addEventListener(type: 'message', listener: (event: MessageLike) => void): void;
  setTimeout(handler: () => void, ms: number): unknown;
};

export type HostLink = {
  /** The loader's values, or nothing after HANDSHAKE_MS (no loader, an old one, a page opened on its own). */
  ready: Promise<HostValues>;
  store(values: { token: string; seen: string | null }): void;
};

/** Says hello to the loader and listens to it; `onLater` gets what it sends after the first answer (another tab stored a token). */
export function linkHost(win: FrameWindow, hostOrigin: string, onLater: (values: HostValues) => void, waitMs = HANDSHAKE_MS): HostLink {
  const alone = (win.parent as unknown) === win;
  const post = (message: FrameHelloMessage | FrameStoreMessage): boolean => {
    if (alone) return false;
    try {
      win.parent.postMessage(message, hostOrigin);
      return true;
    } catch {
      return false; // an origin param that is not an origin
    }
  };
  let answered = false;
  let answer: (values: HostValues) => void = () => {};
  const ready = new Promise<HostValues>((resolve) => {
    answer = (values) => {
      answered = true;
      resolve(values);
    };
  });
  win.addEventListener('message', (event) => {
    if (event.origin !== hostOrigin || event.source !== win.parent || alone) return;
    const values = hostValuesFrom(event.data);
    if (!values) return;
    if (answered) onLater(values);
    else answer(values);
  });
  if (post({ type: HELLO_MESSAGE })) win.setTimeout(() => answered || answer(NOTHING), waitMs);
  else answer(NOTHING);
  return {
    ready,
    store: ({ token, seen }) => void post({ type: STORE_MESSAGE, token, seen }),
  };
}

/**
 * The token and seen slots the rest of the frame uses: the frame's own (storage.ts: its
 * localStorage, or memory), filled from the host's values once they arrive (the host wins: it is
 * the storage of record), and copied to the host on every change while a token is held. Values
 * the loader sends later (another tab's visitor) are taken only while `mayAdopt()` (this frame
 * has no session yet): a frame never changes visitor under a thread it shows.
 */
export function hostBackedSlots(win: FrameWindow, hostOrigin: string, frameToken: Slot, frameSeen: Slot, mayAdopt: () => boolean) {
  const adopt = (values: HostValues) => {
    if (values.token) frameToken.set(values.token);
    if (values.seen) frameSeen.set(values.seen);
  };
  const link = linkHost(win, hostOrigin, (values) => mayAdopt() && adopt(values));
  const sync = () => {
    const token = frameToken.get();
    if (token) link.store({ token, seen: frameSeen.get() });
  };
  const token: Slot = {
    get: () => frameToken.get(),
    set: (value) => {
      frameToken.set(value);
      sync();
    },
  };
  const seen: Slot = {
    get: () => frameSeen.get(),
    set: (value) => {
      if (value === frameSeen.get()) return; // each refresh repeats it: a message only when it moved
      frameSeen.set(value);
      sync();
    },
  };
  /** Resolves once the host's values are in the slots (or the wait is over). */
  const ready: Promise<void> = link.ready.then(adopt);
  return { token, seen, ready };
}
