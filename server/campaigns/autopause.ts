import { graphErrorTitle } from '../channels/whatsapp/error-summary.ts';

// The failure check of a running campaign (listmonk pauses past an error threshold too): over its
// last `window` send attempts, more than `ratio` × `window` failures that will not be retried
// pause it. A count over the full window, not a share of what was seen so far, so the first few
// failures of a fresh campaign (or a resumed one, which starts an empty window) cannot trip it.
// Pure: the sender feeds each outcome batch in and asks for a decision.

export interface AutopauseConfig {
  ratio: number;
  window: number;
}

/** One attempt as the check sees it: null when Meta accepted it or it will be retried. */
export type Attempt = { code: number | null; title: string } | null;

/** The last `window` attempts of one campaign, oldest first. */
export type FailureWindow = readonly Attempt[];

export function observe(w: FailureWindow, batch: readonly Attempt[], cfg: AutopauseConfig): FailureWindow {
  if (batch.length >= cfg.window) return batch.slice(-cfg.window);
  const all = w.concat(batch);
  return all.length > cfg.window ? all.slice(-cfg.window) : all;
}

export interface AutopauseDecision {
  failed: number;
  of: number;
  code: number | null;
  title: string;
  /** e.g. "34 of the last 100 sends failed — 132001 Template does not exist" */
  reason: string;
}

export function autopauseDecision(w: FailureWindow, cfg: AutopauseConfig): AutopauseDecision | null {
  const failures = w.filter((a): a is NonNullable<Attempt> => a !== null);
  if (failures.length <= cfg.ratio * cfg.window) return null;
  const byCause = new Map<string, { code: number | null; title: string; n: number }>();
  for (const f of failures) {
    const title = failureTitle(f.code, f.title);
    const key = `${f.code}|${title}`;
    const cur = byCause.get(key);
    if (cur) cur.n++;
    else byCause.set(key, { code: f.code, title, n: 1 });
  }
  const top = [...byCause.values()].reduce((a, b) => (b.n > a.n ? b : a));
  const cause = top.code === null ? top.title : `${top.code} ${top.title}`;
  return { failed: failures.length, of: w.length, code: top.code, title: top.title, reason: `${failures.length} of the last ${w.length} sends failed — ${cause}` };
}

/**
 * Meta's title for its code; for a code Meta does not list, a plain label (the stored text is
 * Meta's free-form message, which is not ours to show); without a code, our own reason (a
 * payload that could not be built, Meta unreachable).
 */
export function failureTitle(code: number | null, stored: string | null): string {
  if (code === null) return stored ?? 'unknown error';
  return graphErrorTitle(code) ?? 'error from Meta';
}
