import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type AttemptSample, SlaTracker } from './sla-tracker.ts';

const sample = fc.record({
  at: fc.integer({ min: 0, max: 120_000 }),
  process: fc.nat(2),
  model: fc.constantFrom('m1', 'm2'),
  ok: fc.boolean(),
  latencyMs: fc.integer({ min: 1, max: 10_000 }),
  ttftMs: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
  outputTokens: fc.option(fc.nat(2000), { nil: undefined }),
});

test('merging the windows of several processes gives the statistics of one process that saw every call', () => {
  fc.assert(
    fc.property(
      fc.array(sample, { maxLength: 80 }),
      fc.integer({ min: 0, max: 200_000 }),
      (calls, readAt) => {
        const sorted = [...calls].sort((a, b) => a.at - b.at);
        let now = 0;
        const clock = () => now;
        const one = new SlaTracker(60_000, clock);
        const parts = [0, 1, 2].map(() => new SlaTracker(60_000, clock));
        for (const c of sorted) {
          now = c.at;
          const s: AttemptSample = {
            provider: 'p',
            model: c.model,
            ok: c.ok,
            latencyMs: c.latencyMs,
            ttftMs: c.ttftMs,
            outputTokens: c.outputTokens,
          };
          one.record(s);
          parts[c.process].record(s);
        }
        now = Math.max(now, readAt);
        const merged = SlaTracker.merged(
          60_000,
          clock,
          parts.map((p) => p.snapshot()),
        );
        for (const model of ['m1', 'm2']) assert.deepEqual(merged.stats('p', model), one.stats('p', model));
      },
    ),
  );
});

test('a snapshot survives JSON (what Redis carries)', () => {
  let now = 1000;
  const t = new SlaTracker(60_000, () => now);
  t.record({ provider: 'p', model: 'm', ok: true, latencyMs: 120.5, ttftMs: 30, outputTokens: 50 });
  now = 2000;
  t.record({ provider: 'p', model: 'm', ok: false, latencyMs: 10 });
  const copy = JSON.parse(JSON.stringify(t.snapshot()));
  assert.deepEqual(SlaTracker.merged(60_000, () => now, [copy]).stats('p', 'm'), t.stats('p', 'm'));
});
