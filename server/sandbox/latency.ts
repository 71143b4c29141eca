// Response latency distributions for the simulator. Three shapes:
//   { fixedMs }          every response waits exactly this long
//   { minMs, maxMs }     uniform between the two
//   { meanMs, p99Ms }    log-normal with that mean and 99th percentile (a long right tail, like a
//                        real API under load)
import type { Rng } from './rng.ts';

export type Latency = { fixedMs: number } | { minMs: number; maxMs: number } | { meanMs: number; p99Ms: number };

const Z99 = 2.3263478740408408; // standard normal quantile at 0.99

/** Log-normal (mu, sigma) from mean and p99: ln(mean) = mu + s^2/2 and ln(p99) = mu + z*s give
 * s^2 - 2zs + 2ln(p99/mean) = 0; the smaller root is the one with a sensible tail. */
export function lognormalParams(meanMs: number, p99Ms: number): { mu: number; sigma: number } | null {
  if (!(meanMs > 0) || !(p99Ms >= meanMs)) return null;
  const d = Z99 * Z99 - 2 * Math.log(p99Ms / meanMs);
  if (d < 0) return null;
  const sigma = Z99 - Math.sqrt(d);
  return { mu: Math.log(meanMs) - (sigma * sigma) / 2, sigma };
}

/** Why a latency setting is unusable, or null if fine. */
export function latencyProblem(l: Latency): string | null {
  if ('fixedMs' in l) return l.fixedMs >= 0 ? null : 'latency.fixedMs must be >= 0';
  if ('minMs' in l) return l.minMs >= 0 && l.maxMs >= l.minMs ? null : 'latency needs 0 <= minMs <= maxMs';
  if (!lognormalParams(l.meanMs, l.p99Ms)) {
    return 'latency needs 0 < meanMs <= p99Ms <= ~14.9 x meanMs (no log-normal has a longer p99 for that mean)';
  }
  return null;
}

export function sampleLatencyMs(l: Latency | null, rng: Rng): number {
  if (!l) return 0;
  if ('fixedMs' in l) return l.fixedMs;
  if ('minMs' in l) return l.minMs === l.maxMs ? l.minMs : l.minMs + rng() * (l.maxMs - l.minMs);
  const p = lognormalParams(l.meanMs, l.p99Ms);
  if (!p) return l.meanMs;
  // Box-Muller; 1 - rng() keeps the log argument in (0, 1].
  const n = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.exp(p.mu + p.sigma * n);
}
