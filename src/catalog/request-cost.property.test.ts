import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dec } from '../pricing/money.ts';
import { loadCatalog } from './load-catalog.ts';
import { requestCost } from './request-cost.ts';

const RUNS = { numRuns: 200, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: true };
const catalog = loadCatalog({ dir: new URL('../../test/fixtures/catalog-mini', import.meta.url).pathname });
const date = fc.constantFrom(
  '2024-05-14',
  '2024-05-21',
  '2024-06-01',
  '2024-08-11',
  '2024-08-12',
  '2024-12-31',
);
const currency = fc.constantFrom(undefined, 'USD', 'CNY', 'EUR');

test('workload cost is additive in requests: cost(R1 + R2) = cost(R1) + cost(R2)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('qwen-long', 'tiered'),
      date,
      currency,
      fc.nat(200_000),
      fc.nat(4_000),
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 1, max: 10_000 }),
      (model, d, cur, input, output, r1, r2) => {
        const shape = { model, date: d, currency: cur, inputTokens: input, outputTokens: output };
        const a = requestCost(catalog, { ...shape, requests: r1 }).totalCost;
        const b = requestCost(catalog, { ...shape, requests: r2 }).totalCost;
        const whole = requestCost(catalog, { ...shape, requests: r1 + r2 });
        const ab = whole.totalCost;
        // exact without FX; with a converted price the rate may be a non-terminating decimal (1/7.1) held to
        // 50 significant digits, so equality holds to that precision
        if (whole.fx === null) assert.ok(ab.equals(a.plus(b)), `${ab} ≠ ${a} + ${b}`);
        else assert.ok(ab.minus(a.plus(b)).abs().lte(ab.abs().times('1e-40')), `${ab} ≠ ${a} + ${b}`);
      },
    ),
    RUNS,
  );
});

test('within one tier, cost is additive in tokens: cost(a + b) = cost(a) + cost(b)', () => {
  fc.assert(
    fc.property(date, fc.nat(64_000), fc.nat(64_000), fc.nat(2_000), fc.nat(2_000), (d, a, b, oa, ob) => {
      // 'tiered' switches price above 128k input tokens; a + b ≤ 128k stays in the base tier
      const cost = (input: number, output: number) =>
        requestCost(catalog, { model: 'tiered', date: d, inputTokens: input, outputTokens: output })
          .totalCost;
      assert.ok(cost(a + b, oa + ob).equals(cost(a, oa).plus(cost(b, ob))));
    }),
    RUNS,
  );
});

test('FX round trip: a cost converted to another currency and back is unchanged (to 30 digits)', () => {
  fc.assert(
    fc.property(
      date,
      fc.constantFrom('USD', 'CNY', 'EUR'),
      fc.constantFrom('USD', 'CNY', 'EUR'),
      fc.nat(1_000_000_000),
      (d, from, to, micro) => {
        const amount = dec(micro).dividedBy(1_000_000);
        const there = catalog.fx.convert(amount, from, to, d).amount;
        const back = catalog.fx.convert(there, to, from, d).amount;
        assert.ok(back.minus(amount).abs().lte(dec('1e-30')), `${amount} ${from}→${to}→${from} = ${back}`);
      },
    ),
    RUNS,
  );
});

test('a converted cost equals the native cost times the reported rate', () => {
  fc.assert(
    fc.property(date, fc.nat(100_000), fc.nat(4_000), (d, input, output) => {
      const native = requestCost(catalog, {
        model: 'qwen-long',
        date: d,
        inputTokens: input,
        outputTokens: output,
      });
      const usd = requestCost(catalog, {
        model: 'qwen-long',
        date: d,
        currency: 'USD',
        inputTokens: input,
        outputTokens: output,
      });
      assert.ok(usd.fx);
      assert.ok(usd.totalCost.minus(native.totalCost.times(usd.fx.rate)).abs().lte(dec('1e-30')));
    }),
    RUNS,
  );
});
