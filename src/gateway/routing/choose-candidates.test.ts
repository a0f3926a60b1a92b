import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dec } from '../../pricing/money.ts';
import type { UpstreamStats } from '../sla/sla-tracker.ts';
import { chooseCandidates, meetsSlo, type RouteCandidate, weightedOrder } from './choose-candidates.ts';

type C = RouteCandidate & {
  cost: string | null;
  quality: number | null;
  p95: number | null;
  ttft: number | null;
  err: number;
};

function stats(c: C, samples = 100): UpstreamStats {
  return {
    provider: 'p',
    model: c.modelId,
    samples,
    errorRate: c.err,
    availability: 1 - c.err,
    latencyMs: { p50: null, p95: c.p95, p99: null },
    ttftMs: { p50: null, p95: c.ttft, p99: null },
    outputTokensPerSecond: { p50: null },
  };
}

function cand(modelId: string, o: Partial<C> = {}): C {
  return { modelId, weight: 1, cost: '1', quality: 80, p95: 100, ttft: 50, err: 0, ...o };
}

function signals(ejected: string[] = [], random = () => 0.5) {
  return {
    isEjected: (c: C) => ejected.includes(c.modelId),
    quality: (c: C) => c.quality,
    estimateCost: (c: C) => (c.cost === null ? null : dec(c.cost)),
    stats: (c: C) => stats(c),
    random,
  };
}

const ids = (cs: C[]) => cs.map((c) => c.modelId);

test('fallback keeps the order and drops ejected upstreams', () => {
  const r = chooseCandidates(
    { strategy: 'fallback', candidates: [cand('a'), cand('b'), cand('c')] },
    signals(['b']),
  );
  assert.deepEqual(ids(r.ordered), ['a', 'c']);
  assert.deepEqual(r.excluded, [{ modelId: 'b', reason: 'ejected' }]);
});

test('cheapest orders by estimated cost, unknown cost last, SLO violators after compliant ones', () => {
  const cs = [
    cand('dear', { cost: '0.5' }),
    cand('cheap', { cost: '0.001' }),
    cand('unknown', { cost: null }),
    cand('slow', { cost: '0.0001', p95: 9000 }),
  ];
  const r = chooseCandidates(
    { strategy: 'cheapest', candidates: cs, slo: { p95_latency_ms: 3000 } },
    signals(),
  );
  assert.deepEqual(ids(r.ordered), ['cheap', 'dear', 'unknown', 'slow']);
});

test('min_quality is a hard floor (missing quality is excluded)', () => {
  const cs = [
    cand('weak', { cost: '0.001', quality: 50 }),
    cand('strong', { quality: 80 }),
    cand('unrated', { quality: null }),
  ];
  const r = chooseCandidates({ strategy: 'cheapest', candidates: cs, minQuality: 60 }, signals());
  assert.deepEqual(ids(r.ordered), ['strong']);
  assert.equal(r.excluded.length, 2);
});

test('fastest orders by p95 TTFT, unmeasured first', () => {
  const cs = [
    cand('slow', { ttft: 900 }),
    cand('fast', { ttft: 100 }),
    cand('new', { ttft: null, p95: null }),
  ];
  const r = chooseCandidates({ strategy: 'fastest', candidates: cs }, signals());
  assert.deepEqual(ids(r.ordered), ['new', 'fast', 'slow']);
});

test('weightedOrder follows the weights', () => {
  const cs = [
    { modelId: 'a', weight: 1 },
    { modelId: 'b', weight: 3 },
  ];
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  let b = 0;
  for (let i = 0; i < 4000; i++) if (weightedOrder(cs, random)[0].modelId === 'b') b++;
  assert.ok(b > 2800 && b < 3200, String(b));
});

test('SLO verdicts need enough samples', () => {
  const c = cand('x', { p95: 5000, err: 0.5 });
  assert.equal(meetsSlo(stats(c, 5), { p95_latency_ms: 3000 }), true);
  assert.equal(meetsSlo(stats(c, 50), { p95_latency_ms: 3000 }), false);
  assert.equal(meetsSlo(stats(cand('y', { err: 0.1 })), { max_error_rate: 0.05 }), false);
});
