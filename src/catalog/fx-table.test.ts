import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isQuadrantError } from '../errors.ts';
import { FxTable } from './fx-table.ts';
import type { FxRate } from './schema.ts';

const rate = (base: string, quote: string, r: string, date: string, kind?: FxRate['kind']): FxRate => ({
  base,
  quote,
  rate: r,
  date,
  source: `src ${base}${quote} ${date}`,
  confidence: 'secondary',
  ...(kind ? { kind } : {}),
});

const table = new FxTable([
  rate('USD', 'CNY', '7.1063', '2024-04-30', 'central_parity'),
  rate('USD', 'CNY', '7.0994', '2024-05-06', 'central_parity'),
  rate('EUR', 'USD', '1.0800', '2024-05-02', 'reference'),
]);

test('a conversion uses the latest rate on or before the date and reports its kind', () => {
  const fx = table.rateOn('USD', 'CNY', '2024-05-05');
  assert.equal(fx?.rate, '7.1063');
  assert.equal(fx?.date, '2024-04-30');
  assert.equal(fx?.kind, 'central_parity');
  assert.equal(table.rateOn('USD', 'CNY', '2024-05-06')?.rate, '7.0994');
  assert.equal(table.rateOn('CNY', 'USD', '2024-05-06')?.kind, 'central_parity');
});

test('a date before the first rate of a pair is a no_fx_rate error naming the first date', () => {
  assert.throws(
    () => table.rateOn('USD', 'CNY', '2024-04-29'),
    (err: unknown) =>
      isQuadrantError(err) &&
      err.code === 'no_fx_rate' &&
      /no USD→CNY rate on or before 2024-04-29.*2024-04-30/.test(err.message),
  );
  // crossed through USD: EUR→CNY needs both legs; the later first date counts
  assert.throws(
    () => table.rateOn('EUR', 'CNY', '2024-05-01'),
    (err: unknown) => isQuadrantError(err) && err.code === 'no_fx_rate' && /2024-05-02/.test(err.message),
  );
  const crossed = table.rateOn('EUR', 'CNY', '2024-05-06');
  assert.equal(crossed?.rate, '7.667352');
  assert.equal(crossed?.kind, 'reference+central_parity');
});

test('a rate without a kind is reported as unlabelled', () => {
  const t = new FxTable([rate('USD', 'JPY', '155', '2024-05-01')]);
  assert.equal(t.rateOn('USD', 'JPY', '2024-06-01')?.kind, 'unlabelled');
});
