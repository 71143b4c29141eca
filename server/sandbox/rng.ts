// Seeded randomness, so a test that sets `seed` sees the same fault rolls, ids and latencies on
// every run. mulberry32: tiny, fast, good enough for simulation (not for secrets).

export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** True with probability p. Does not consume a draw when p is 0 or 1, so switching one knob off
 * does not shift every later roll of a seeded run. */
export function chance(rng: Rng, p: number): boolean {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return rng() < p;
}

const HEX = '0123456789ABCDEF';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomHex(rng: Rng, n: number, lower = false): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[Math.floor(rng() * 16)];
  return lower ? s.toLowerCase() : s;
}

export function randomDigits(rng: Rng, n: number): string {
  let s = String(1 + Math.floor(rng() * 9));
  for (let i = 1; i < n; i++) s += String(Math.floor(rng() * 10));
  return s;
}

export function randomAlnum(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(rng() * ALNUM.length)];
  return s;
}
