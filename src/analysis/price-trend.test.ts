import assert from 'node:assert/strict';
import { test } from 'node:test';
import { marketFixture } from '../../test/support/test-catalog.ts';
import { fitTrend, priceTrend } from './price-trend.ts';
import { studentTQuantile } from './statistics.ts';

const close = (a: number, b: number, rel = 1e-6) =>
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} is not within ${rel} of ${b}`);

test('Student t quantiles match the tables', () => {
  close(studentTQuantile(0.975, 1), 12.7062, 1e-4);
  close(studentTQuantile(0.975, 10), 2.2281, 1e-4);
  close(studentTQuantile(0.975, 30), 2.0423, 1e-4);
});

test('trend fit against a hand-computed example', () => {
  // t = 0, 365, 730 days; ln price = 0, −ln10, −3·ln10. With x in units of 365 days and y in units of ln10:
  // x̄ = 1, ȳ = −4/3, Sxx = 2, Sxy = −3 → slope −1.5 per 365 days; residuals −1/6, 1/3, −1/6 → SSR = 1/6;
  // s = √(1/6), se = s/√2 = 0.288675 (same units); t(0.975, 1) = 12.7062.
  const fit = fitTrend([
    { date: '2023-01-01', price: 1 },
    { date: '2024-01-01', price: 0.1 },
    { date: '2024-12-31', price: 0.001 },
  ])!;
  const L = Math.log(10);
  assert.equal(fit.n, 3);
  close(fit.slopePerDay, (-1.5 * L) / 365);
  const yearScale = 365.25 / 365;
  close(fit.foldDeclinePerYear, 10 ** (1.5 * yearScale)); // ≈ 31.70×/year
  const half = (12.7062047 * Math.sqrt(1 / 6)) / Math.sqrt(2);
  close(fit.ci95![0], 10 ** ((1.5 - half) * yearScale), 1e-5);
  close(fit.ci95![1], 10 ** ((1.5 + half) * yearScale), 1e-5);
  close(fit.rSquared, 1 - 1 / 6 / (14 / 3), 1e-9); // SST = 16/9 + 1/9 + 25/9
});

test('a fit needs two dates; two points give no interval', () => {
  assert.equal(fitTrend([{ date: '2024-01-01', price: 1 }]), null);
  assert.equal(
    fitTrend([
      { date: '2024-01-01', price: 1 },
      { date: '2024-01-01', price: 2 },
    ]),
    null,
  );
  const two = fitTrend([
    { date: '2024-01-01', price: 2 },
    { date: '2025-01-01', price: 1 },
  ])!;
  assert.equal(two.ci95, null);
  close(two.foldDeclinePerYear, 2 ** (365.25 / 366));
});

test('GPT-4 level on MMLU in the fixture: GPT-4 Turbo, then GPT-4o, then its October cut', () => {
  const t = priceTrend(marketFixture(), {
    metric: 'mmlu',
    currency: 'USD',
    from: '2024-01-01',
    to: '2024-12-01',
  });
  assert.equal(t.threshold, 86);
  assert.deepEqual(
    t.points.map((p) => [p.date, p.model, p.blendedPerMillion.toString()]),
    [
      ['2024-01-01', 'gpt-4-turbo', '15'],
      ['2024-02-01', 'gpt-4-turbo', '15'],
      ['2024-03-01', 'gpt-4-turbo', '15'],
      ['2024-04-01', 'gpt-4-turbo', '15'],
      ['2024-05-01', 'gpt-4-turbo', '15'],
      ['2024-06-01', 'gpt-4o', '7.5'],
      ['2024-07-01', 'gpt-4o', '7.5'],
      ['2024-08-01', 'gpt-4o', '7.5'],
      ['2024-09-01', 'gpt-4o', '7.5'],
      ['2024-10-01', 'gpt-4o', '7.5'],
      ['2024-11-01', 'gpt-4o', '4.375'],
      ['2024-12-01', 'gpt-4o', '4.375'],
    ],
  );
  assert.ok(t.fit && t.fit.foldDeclinePerYear > 1 && t.fit.ci95![0] < t.fit.foldDeclinePerYear);
  const changes = priceTrend(marketFixture(), {
    metric: 'mmlu',
    currency: 'USD',
    from: '2024-01-01',
    to: '2024-12-01',
    observations: 'changes',
  });
  assert.deepEqual(
    changes.points.map((p) => p.date),
    ['2024-01-01', '2024-06-01', '2024-11-01'],
  );
});

test('Elo threshold picks the cheaper qualifying model; bad metric is an error', () => {
  const t = priceTrend(marketFixture(), {
    metric: 'arena_elo',
    threshold: 1250,
    currency: 'USD',
    from: '2024-08-01',
    to: '2024-08-01',
  });
  assert.deepEqual(
    t.points.map((p) => p.model),
    ['gpt-4o-mini'],
  );
  assert.throws(
    () => priceTrend(marketFixture(), { metric: 'gpqa' as never, currency: 'USD', to: '2024-08-01' }),
    /unknown metric/,
  );
});

test('reasoning models are left out unless asked (as Epoch AI)', async () => {
  const { Catalog } = await import('../catalog/catalog.ts');
  const price = (input: string, output: string) => ({
    currency: 'USD',
    unit: 'per_1m_tokens' as const,
    input,
    output,
    valid_from: '2024-01-01',
    source: 't',
    confidence: 'primary' as const,
  });
  const score = {
    metric: 'mmlu' as const,
    value: 90,
    date: '2024-01-01',
    source: 't',
    confidence: 'primary' as const,
  };
  const c = new Catalog(
    [{ id: 'v', name: 'V', country: 'US' }],
    [
      {
        id: 'chat',
        name: 'Chat',
        vendor: 'v',
        tokenizer: 'estimate',
        status: 'active',
        prices: [price('2', '6')],
        quality: [score],
      },
      {
        id: 'thinker',
        name: 'Thinker',
        vendor: 'v',
        tokenizer: 'estimate',
        status: 'active',
        tier: 'reasoning',
        prices: [price('1', '1')],
        quality: [score],
      },
    ],
    [{ base: 'USD', quote: 'CNY', rate: '7', date: '2024-01-01', source: 't', confidence: 'primary' }],
  );
  const base = { metric: 'mmlu' as const, currency: 'USD', from: '2024-02-01', to: '2024-02-01' };
  assert.deepEqual(
    priceTrend(c, base).points.map((p) => p.model),
    ['chat'],
  );
  assert.deepEqual(
    priceTrend(c, { ...base, includeReasoning: true }).points.map((p) => p.model),
    ['thinker'],
  );
});
