import type { RateSeries } from './present.ts';

// The campaign page's rate chart: 5-second samples (campaign_rate_samples) merged into at most
// `maxPoints` equal buckets, so a 3-hour campaign draws as well as a 2-minute one.

export const SAMPLE_SECONDS = 5;

export interface RateSample {
  bucket: Date;
  sent: number;
  throttled: number;
  errors: number;
  rate: number;
}

/**
 * Buckets are a multiple of 5 s wide, counted from the first sample (samples in time order). A
 * bucket in which no batch finished (a pause, a stop) has no point: nothing is known about it.
 */
export function rateSeries(samples: RateSample[], maxPoints = 240): RateSeries {
  if (!samples.length) return { bucketSeconds: SAMPLE_SECONDS, points: [] };
  const first = samples[0]!.bucket.getTime();
  const spanSeconds = (samples.at(-1)!.bucket.getTime() - first) / 1000 + SAMPLE_SECONDS;
  const bucketSeconds = Math.max(1, Math.ceil(spanSeconds / SAMPLE_SECONDS / maxPoints)) * SAMPLE_SECONDS;
  const buckets = new Map<number, { sent: number; throttled: number; errors: number; rate: number }>();
  for (const s of samples) {
    const index = Math.floor((s.bucket.getTime() - first) / 1000 / bucketSeconds);
    const b = buckets.get(index) ?? { sent: 0, throttled: 0, errors: 0, rate: s.rate };
    b.sent += s.sent;
    b.throttled += s.throttled;
    b.errors += s.errors;
    b.rate = s.rate;
    buckets.set(index, b);
  }
  const points = [...buckets].map(([index, b]) => ({
    at: new Date(first + index * bucketSeconds * 1000).toISOString(),
    sentPerSecond: b.sent / bucketSeconds,
    throttledPerSecond: b.throttled / bucketSeconds,
    errorsPerSecond: b.errors / bucketSeconds,
    learnedRate: b.rate,
  }));
  return { bucketSeconds, points };
}
