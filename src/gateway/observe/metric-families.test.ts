import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Counter, Histogram, Registry } from 'prom-client';
import { CounterFamily, HistogramFamily } from './metric-families.ts';

const BUCKETS = [0.005, 0.01, 0.5, 2.5, 120];

test('property: counters and histograms print the text prom-client prints for the same updates', async () => {
  const label = fc.string({ maxLength: 6 }); // quotes, backslashes and newlines included
  const update = fc.record({
    a: label,
    b: fc.constantFrom('x', 'y'),
    by: fc.integer({ min: 0, max: 1000 }),
    seconds: fc.double({ min: 0, max: 200, noNaN: true }),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(update, { maxLength: 30 }), fc.nat(3), async (updates, plain) => {
      const registry = new Registry();
      const counter = new Counter({
        name: 'q_total',
        help: 'Calls "by" a\\b',
        labelNames: ['a', 'b'],
        registers: [registry],
      });
      const histogram = new Histogram({
        name: 'q_seconds',
        help: 'Latency',
        labelNames: ['a', 'b'],
        buckets: BUCKETS,
        registers: [registry],
      });
      const unlabelled = new Counter({ name: 'q_refusals_total', help: 'Refusals', registers: [registry] });
      const ours = {
        counter: new CounterFamily('q_total', 'Calls "by" a\\b', ['a', 'b']),
        histogram: new HistogramFamily('q_seconds', 'Latency', ['a', 'b'], BUCKETS),
        unlabelled: new CounterFamily('q_refusals_total', 'Refusals', []),
      };
      for (const u of updates) {
        counter.labels(u.a, u.b).inc(u.by);
        ours.counter.labels(u.a, u.b).inc(u.by);
        histogram.labels(u.a, u.b).observe(u.seconds);
        ours.histogram.labels(u.a, u.b).observe(u.seconds);
      }
      for (let i = 0; i < plain; i++) {
        unlabelled.inc();
        ours.unlabelled.labels().inc();
      }
      const expected = await registry.metrics();
      const actual = `${[ours.counter, ours.histogram, ours.unlabelled].map((f) => f.text()).join('\n')}`;
      assert.equal(actual, expected);
    }),
    { numRuns: 200, interruptAfterTimeLimit: 5000 },
  );
});

test('a counter refuses to go down', () => {
  assert.throws(() => new CounterFamily('c_total', 'c').labels().inc(-1), RangeError);
});
