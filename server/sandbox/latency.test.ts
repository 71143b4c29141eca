import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latencyProblem, lognormalParams, sampleLatencyMs } from './latency.ts';
import { seededRng } from './rng.ts';

test('fixed and uniform latency', () => {
  const rng = seededRng(1);
  assert.equal(sampleLatencyMs(null, rng), 0);
  assert.equal(sampleLatencyMs({ fixedMs: 12 }, rng), 12);
  for (let i = 0; i < 1000; i++) {
    const v = sampleLatencyMs({ minMs: 5, maxMs: 9 }, rng);
    assert.ok(v >= 5 && v < 9, String(v));
  }
});

test('log-normal latency has the asked mean and p99', () => {
  const rng = seededRng(42);
  const xs = Array.from({ length: 50_000 }, () => sampleLatencyMs({ meanMs: 20, p99Ms: 150 }, rng)).sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const p99 = xs[Math.floor(xs.length * 0.99)];
  assert.ok(Math.abs(mean - 20) < 1.5, `mean ${mean}`);
  assert.ok(Math.abs(p99 - 150) < 15, `p99 ${p99}`);
});

test('impossible latency settings are reported', () => {
  assert.equal(latencyProblem({ meanMs: 20, p99Ms: 150 }), null);
  assert.match(latencyProblem({ meanMs: 20, p99Ms: 10 }) ?? '', /meanMs <= p99Ms/);
  assert.equal(lognormalParams(10, 1000), null); // p99 / mean beyond what a log-normal can do
  assert.ok(latencyProblem({ minMs: 9, maxMs: 5 }));
  assert.ok(latencyProblem({ fixedMs: -1 }));
});
