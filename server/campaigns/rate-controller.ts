// Adaptive send rate of one WhatsApp number, as a pure function of (state, results, clock).
// ARCHITECTURE.md: start 60 msg/s; +10% after 5 minutes under 1% errors; -20% after 3
// consecutive 130429; floor 10, ceiling 1,000; carried through the day; the first send of a new
// day (app time zone) starts at 90% of the previous day's final rate.
//
// Two readings make that rule work against a real limiter:
// - "Consecutive" is counted per response and per send tick (one call per second): a sliding-
//   window limiter rejects the excess interleaved with successes, so three ticks in a row with
//   more than 1% 130429s count as three consecutive 130429s. (A stray 130429 from network jitter
//   at exactly the limit does not count: it is retried, and cutting 20% for it would waste 20%.)
// - The controller learns: after a cut at rate R, growth stops at 95% of R, so it settles just
//   under the limit instead of overshooting every 5 minutes; after some clean windows at that
//   cap it probes again (the limit may have been raised, 80 -> 1,000 msg/s).

export interface RateConfig {
  initialRate: number;
  floor: number;
  ceiling: number;
  increaseFactor: number;
  decreaseFactor: number;
  /** How long errors must stay under maxErrorRatio before the rate grows. */
  increaseWindowMs: number;
  maxErrorRatio: number;
  throttleStreak: number;
  /**
   * After a cut, 130429s from requests already in flight at the old rate are not counted again,
   * otherwise one burst over the limit would cut the rate several times in a row. Results reach
   * the controller when a tick's sends complete, up to ~2 s after they were paced: hence 3 s.
   */
  decreaseCooldownMs: number;
  newDayFactor: number;
  /** Growth stops at this fraction of the last rate that got throttled... */
  learnedCapFactor: number;
  /** ...until this many clean windows have passed at the cap; then it probes above it. */
  probeAfterWindows: number;
}

export const DEFAULT_RATE_CONFIG: RateConfig = {
  initialRate: 60,
  floor: 10,
  ceiling: 1000,
  increaseFactor: 1.1,
  decreaseFactor: 0.8,
  increaseWindowMs: 5 * 60_000,
  maxErrorRatio: 0.01,
  throttleStreak: 3,
  decreaseCooldownMs: 3000,
  newDayFactor: 0.9,
  learnedCapFactor: 0.95,
  probeAfterWindows: 12,
};

export interface RateState {
  rate: number;
  /** Calendar day (YYYY-MM-DD, app time zone) the rate belongs to. */
  day: string;
  /** Final rate of the previous day (last_stable_rate_per_sec). */
  lastStableRate: number | null;
  windowStart: number;
  windowTotal: number;
  windowErrors: number;
  throttleRun: number;
  throttledTicks: number;
  cooldownUntil: number;
  throttledAtRate: number | null;
  cleanWindowsAtCap: number;
  /** Growing one step above the learned cap to see whether the limit was raised. */
  probing: boolean;
}

export type SendResult = 'ok' | 'throttled' | 'error';

export interface RateChange {
  from: number;
  to: number;
  reason: 'increase' | 'throttled' | 'new_day';
}

export function initialRateState(day: string, now: number, cfg: RateConfig = DEFAULT_RATE_CONFIG): RateState {
  return { ...freshWindow(now), rate: cfg.initialRate, day, lastStableRate: null, throttledAtRate: null, cleanWindowsAtCap: 0, probing: false };
}

function freshWindow(now: number) {
  return { windowStart: now, windowTotal: 0, windowErrors: 0, throttleRun: 0, throttledTicks: 0, cooldownUntil: 0 };
}

const clamp = (x: number, cfg: RateConfig) => Math.min(cfg.ceiling, Math.max(cfg.floor, Math.round(x * 100) / 100));

/** On the first use of a new day the rate restarts at 90% of yesterday's final rate. */
export function rollDay(state: RateState, today: string, now: number, cfg: RateConfig = DEFAULT_RATE_CONFIG): { state: RateState; change: RateChange | null } {
  if (state.day === today) return { state, change: null };
  const rate = clamp(state.rate * cfg.newDayFactor, cfg);
  return {
    state: { ...state, ...freshWindow(now), rate, day: today, lastStableRate: state.rate },
    change: { from: state.rate, to: rate, reason: 'new_day' },
  };
}

/** Folds the results of one send tick (in completion order), observed at `now`, into the state. */
export function applyResults(state: RateState, results: readonly SendResult[], now: number, cfg: RateConfig = DEFAULT_RATE_CONFIG): { state: RateState; changes: RateChange[] } {
  const s = { ...state };
  const changes: RateChange[] = [];
  const cut = () => {
    const to = clamp(s.rate * cfg.decreaseFactor, cfg);
    if (to !== s.rate) changes.push({ from: s.rate, to, reason: 'throttled' });
    // A failed probe says nothing new about the limit: keep the lower, better-known throttle point.
    const throttledAtRate = s.probing && s.throttledAtRate !== null ? Math.min(s.throttledAtRate, s.rate) : s.rate;
    Object.assign(s, freshWindow(now), { throttledAtRate, cleanWindowsAtCap: 0, probing: false, rate: to, cooldownUntil: now + cfg.decreaseCooldownMs });
  };
  let tickThrottles = 0;
  for (const r of results) {
    s.windowTotal++;
    if (r !== 'ok') s.windowErrors++;
    if (r !== 'throttled') {
      s.throttleRun = 0;
      continue;
    }
    if (now < s.cooldownUntil) continue;
    tickThrottles++;
    if (++s.throttleRun >= cfg.throttleStreak) cut();
  }
  if (now >= s.cooldownUntil && results.length) {
    s.throttledTicks = tickThrottles / results.length > cfg.maxErrorRatio ? s.throttledTicks + 1 : 0;
    if (s.throttledTicks >= cfg.throttleStreak) cut();
  }
  if (now - s.windowStart >= cfg.increaseWindowMs) {
    if (s.windowTotal > 0 && s.windowErrors / s.windowTotal < cfg.maxErrorRatio) grow(s, changes, cfg);
    Object.assign(s, { windowStart: now, windowTotal: 0, windowErrors: 0 });
  }
  return { state: s, changes };
}

function grow(s: RateState, changes: RateChange[], cfg: RateConfig): void {
  let to = clamp(s.rate * cfg.increaseFactor, cfg);
  if (s.probing) {
    // A whole clean window above the old cap: the limit was raised; forget it.
    Object.assign(s, { probing: false, throttledAtRate: null, cleanWindowsAtCap: 0 });
  } else if (s.throttledAtRate !== null) {
    const cap = clamp(s.throttledAtRate * cfg.learnedCapFactor, cfg);
    if (s.rate >= cap && ++s.cleanWindowsAtCap >= cfg.probeAfterWindows) {
      Object.assign(s, { probing: true, cleanWindowsAtCap: 0 }); // one step above the cap
    } else {
      to = clamp(Math.min(to, Math.max(cap, s.rate)), cfg);
    }
  }
  if (to !== s.rate) changes.push({ from: s.rate, to, reason: 'increase' });
  s.rate = to;
}
