import type { AppContext } from '../context.ts';
import { findWidgetById, type WidgetRow } from './queries.ts';

// Every visitor call names its widget (in the token); reading it from the database each time was
// one round trip in every message's path. A process keeps each widget it read for a moment. An
// admin's change (allowed sites, deletion) is forgotten at once in the process that made it, in
// the others when the change reaches them (the realtime hub), and after FRESH_MS at the latest.

export const FRESH_MS = 2000;
const MAX_WIDGETS = 10_000;

const cache = new Map<string, { widget: WidgetRow | null; readAt: number }>();
const listening = new WeakSet<AppContext['hub']>();

export async function widgetById(ctx: AppContext, id: string, now = Date.now()): Promise<WidgetRow | null> {
  if (!listening.has(ctx.hub)) {
    listening.add(ctx.hub);
    ctx.hub.subscribe((change) => {
      if (change.topic === 'numbers' && change.id) cache.delete(change.id);
    });
  }
  const hit = cache.get(id);
  if (hit && now - hit.readAt < FRESH_MS) return hit.widget;
  const widget = await findWidgetById(ctx.db, id);
  if (cache.size >= MAX_WIDGETS) cache.clear(); // ids come from signed tokens: only real widgets, but bounded anyway
  cache.set(id, { widget, readAt: now });
  return widget;
}

/** The widget changed here: the next visitor call reads it again. */
export const forgetWidget = (id: string) => void cache.delete(id);
