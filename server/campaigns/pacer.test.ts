import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CATCH_UP_MS, PACING_HEADROOM, SendPacer } from './pacer.ts';
import { seededRng } from '../sandbox/rng.ts';

/**
 * Drives a pacer the way the sender does: ask for the delay, sleep unless it is under
 * `minSleepMs` (timers fire late, by up to `lateMs`, or much later during a stall), send, record.
 * Returns the departure times.
 */
function drive(opts: { rate: (t: number) => number; untilMs: number; lateMs: number; stalls?: Array<[at: number, ms: number]>; seed?: number; minSleepMs?: number }): number[] {
  const rand = seededRng(opts.seed ?? 1);
  const pacer = new SendPacer();
  const stalls = [...(opts.stalls ?? [])];
  const out: number[] = [];
  let clock = 0;
  while (clock < opts.untilMs) {
    const wait = pacer.delay(clock, opts.rate(clock));
    let at = wait >= (opts.minSleepMs ?? 0) ? clock + wait + (wait > 0 ? rand() * opts.lateMs : 0) : clock;
    while (stalls.length && stalls[0]![0] <= at) at = Math.max(at, stalls[0]![0] + stalls.shift()![1]);
    pacer.sent(at);
    out.push(at);
    clock = at;
  }
  return out;
}

/** The most departures in any sliding second (window (t-1000, t]). */
function busiestSecond(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000 - 1e-6) j++; // float sums of the gap land a hair under 1000
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const count = (times: number[], from: number, to: number) => times.filter((t) => t >= from && t < to).length;

describe('send pacer', () => {
  it('never lets a sliding second exceed the cap, at any rate, with late timers and stalls', () => {
    for (const rate of [1, 2, 7, 80, 250, 1000, 4000]) {
      for (let seed = 1; seed <= 4; seed++) {
        const stalls: Array<[number, number]> = [[1500, 40], [3200, 300], [5000, 1200], [7100, 15]];
        const times = drive({ rate: () => rate, untilMs: 9000, lateMs: 4, stalls, seed });
        assert.ok(busiestSecond(times) <= SendPacer.capFor(rate), `rate ${rate}: ${busiestSecond(times)} in one second`);
        // The sender lets a send due within 2 ms go at once: the headroom keeps it under Meta's limit.
        const early = drive({ rate: () => rate, untilMs: 9000, lateMs: 4, stalls, seed, minSleepMs: 2 });
        assert.ok(busiestSecond(early) <= rate, `rate ${rate}, early by < 2 ms: ${busiestSecond(early)} in one second`);
      }
    }
  });

  it('spreads sends evenly at the paced rate when nothing stalls', () => {
    const times = drive({ rate: () => 1000, untilMs: 10_000, lateMs: 0 });
    const perSecond = count(times, 2000, 9000) / 7;
    assert.ok(Math.abs(perSecond - 1000 * PACING_HEADROOM) <= 1, `${perSecond}/s`);
    const gaps = times.slice(100, 200).map((t, i) => t - times[99 + i]!);
    assert.ok(gaps.every((g) => Math.abs(g - 1000 / (1000 * PACING_HEADROOM)) < 1e-6), 'one send every gap');
  });

  it('makes up at most CATCH_UP_MS of a stall, in one small burst', () => {
    const calm = drive({ rate: () => 1000, untilMs: 8000, lateMs: 0 });
    for (const stallMs of [4, 50, 200, 3000]) {
      const stalled = drive({ rate: () => 1000, untilMs: 8000, lateMs: 0, stalls: [[2000, stallMs]] });
      const lostMs = (count(calm, 0, 7000) - count(stalled, 0, 7000)) / PACING_HEADROOM;
      // Past a second every sliding second after the stall is full already: nothing to make up.
      const expected = stallMs > 1000 ? stallMs : Math.max(0, stallMs - CATCH_UP_MS);
      assert.ok(Math.abs(lostMs - expected) <= 2, `stall of ${stallMs} ms lost ${lostMs} ms of sends`);
      const resumedAt = stalled.find((t) => t >= 2000 + stallMs);
      const burst = stalled.filter((t) => t === resumedAt).length;
      assert.ok(burst <= Math.ceil(CATCH_UP_MS * PACING_HEADROOM) + 1, `${burst} sends at once after ${stallMs} ms`);
    }
  });

  it('follows a rate change in both directions without breaking the new cap', () => {
    const rate = (t: number) => (t < 3000 ? 1000 : t < 6000 ? 300 : 800);
    const times = drive({ rate, untilMs: 9000, lateMs: 3, stalls: [[4500, 250]] });
    assert.ok(count(times, 4000, 6000) <= 2 * SendPacer.capFor(300));
    for (let from = 4000; from + 1000 <= 6000; from += 50) assert.ok(count(times, from, from + 1000) <= SendPacer.capFor(300), `second from ${from}`);
    assert.ok(Math.abs(count(times, 7000, 9000) / 2 - 800 * PACING_HEADROOM) <= 2);
  });
});
