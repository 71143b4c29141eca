// The live connection's changes for components that need more than a refetch: the inbox thread
// listens for `typing` (a web chat visitor typing in the open conversation), which names no query.
// One connection per app (useLiveUpdates in the Layout) announces; any number of views listen.

/** One `change` event of /api/events: the topic, and for most topics the action and the row's id. */
export interface LiveChange {
  topic: string;
  action?: string;
  id?: string | null;
  /** Topic-specific extras (typing: `typing: {typing, from, author}`); absent in Supabase mode (topic-only signals). */
  [extra: string]: unknown;
}

type Listener = (change: LiveChange) => void;

const listeners = new Set<Listener>();

/** Calls `listener` with every change from now on; returns the unsubscribe. */
export function onLiveChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function announceLiveChange(change: LiveChange): void {
  for (const listener of listeners) listener(change);
}
