import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isQuadrantError } from '../errors.ts';
import { dec } from '../pricing/money.ts';
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

const first = (base: string, quote: string, r: string, date: string, kind?: FxRate['kind']) => ({
  ...rate(base, quote, r, date, kind),
  source: 'ecb',
});

test('an inverse quote is 1 / rate and names its source; rates in any order are sorted by date', () => {
  const t = new FxTable([
    first('USD', 'CNY', '8', '2024-03-01'),
    first('USD', 'CNY', '5', '2024-01-01'),
    first('USD', 'CNY', '4', '2024-02-01'),
  ]);
  assert.deepEqual(t.rateOn('CNY', 'USD', '2024-01-15'), {
    rate: '0.2',
    date: '2024-01-01',
    source: 'inverse of ecb',
    from: 'CNY',
    to: 'USD',
    kind: 'unlabelled',
  });
  assert.equal(t.rateOn('USD', 'CNY', '2024-02-29')?.rate, '4');
  assert.equal(t.rateOn('USD', 'CNY', '2024-03-01')?.rate, '8');
  assert.equal(t.firstDate('USD', 'CNY'), '2024-01-01');
  assert.equal(t.firstDate('CNY', 'USD'), '2024-01-01');
});

test('a direct quote beats the inverse of the opposite pair on the same date, in either file order', () => {
  const usdCny = rate('USD', 'CNY', '8', '2024-01-01');
  const cnyUsd = rate('CNY', 'USD', '0.1', '2024-01-01');
  for (const rates of [
    [usdCny, cnyUsd],
    [cnyUsd, usdCny],
  ]) {
    const t = new FxTable(rates);
    assert.equal(t.rateOn('USD', 'CNY', '2024-01-01')?.rate, '8');
    assert.equal(t.rateOn('USD', 'CNY', '2024-01-01')?.source, 'src USDCNY 2024-01-01');
    assert.equal(t.rateOn('CNY', 'USD', '2024-01-01')?.rate, '0.1');
    assert.equal(t.rateOn('CNY', 'USD', '2024-01-01')?.source, 'src CNYUSD 2024-01-01');
  }
  // the first quote of a date stays when a second direct one of that date follows
  const t = new FxTable([usdCny, rate('USD', 'CNY', '9', '2024-01-01')]);
  assert.equal(t.rateOn('USD', 'CNY', '2024-06-01')?.rate, '8');
  assert.equal(t.rateOn('CNY', 'USD', '2024-06-01')?.rate, '0.125'); // and the inverse of the first
});

test('same currency: no conversion; codes are case-insensitive; an unknown code names the known ones', () => {
  assert.equal(table.rateOn('usd', 'USD', '2020-01-01'), null);
  assert.deepEqual(table.convert(dec('12.5'), 'CNY', 'CNY', '2020-01-01'), { amount: dec('12.5'), fx: null });
  assert.equal(table.rateOn('usd', 'cny', '2024-05-06')?.rate, '7.0994');
  assert.equal(table.assertCurrency('eur'), 'EUR');
  const unknown = (message: string) => (e: unknown) =>
    isQuadrantError(e) && e.code === 'unknown_currency' && e.param === 'currency' && e.message === message;
  assert.throws(
    () => table.rateOn('USF', 'CNY', '2024-05-06'),
    unknown('unknown currency "USF"; known: CNY, EUR, USD (did you mean USD?)'),
  );
  assert.throws(
    () => table.rateOn('USD', 'XYZ', '2024-05-06'),
    unknown('unknown currency "XYZ"; known: CNY, EUR, USD'),
  );
});

test('convert multiplies by the rate used and reports it', () => {
  const { amount, fx } = table.convert(dec('100'), 'USD', 'CNY', '2024-05-06');
  assert.equal(amount.toString(), '709.94');
  assert.equal(fx?.rate, '7.0994');
});

test('crossing through USD: the rate is the product, dated by the earlier leg, with both sources and kinds', () => {
  const t = new FxTable([
    rate('EUR', 'USD', '1.25', '2024-03-01', 'reference'),
    rate('USD', 'CNY', '7.2', '2024-02-01', 'reference'),
    rate('JPY', 'KRW', '9', '2024-01-01'),
  ]);
  assert.deepEqual(t.rateOn('EUR', 'CNY', '2024-04-01'), {
    rate: '9',
    date: '2024-02-01',
    source: 'src EURUSD 2024-03-01; src USDCNY 2024-02-01 (crossed through USD)',
    from: 'EUR',
    to: 'CNY',
    kind: 'reference',
  });
  assert.equal(t.rateOn('CNY', 'EUR', '2024-04-01')?.date, '2024-02-01');
  // first possible date of a crossed pair: the later leg's first date, whichever leg it is
  assert.equal(t.firstDate('EUR', 'CNY'), '2024-03-01');
  assert.equal(t.firstDate('CNY', 'EUR'), '2024-03-01');
  assert.equal(t.firstDate('JPY', 'CNY'), undefined);
  assert.equal(t.firstDate('CNY', 'JPY'), undefined);
  // a leg missing: no conversion at all
  assert.throws(
    () => t.rateOn('JPY', 'CNY', '2024-04-01'),
    (e: unknown) =>
      isQuadrantError(e) &&
      e.code === 'unknown_currency' &&
      e.message === 'no FX rate from JPY to CNY in the catalog',
  );
  assert.throws(() => t.rateOn('CNY', 'JPY', '2024-04-01'), /no FX rate from CNY to JPY in the catalog/);
});

test('too early on either leg of a crossing is no_fx_rate with the pair, the date and the first date', () => {
  const t = new FxTable([rate('EUR', 'USD', '1.25', '2024-03-01'), rate('USD', 'CNY', '7.2', '2024-02-01')]);
  for (const date of ['2024-02-15', '2024-01-15']) {
    assert.throws(
      () => t.rateOn('EUR', 'CNY', date),
      (e: unknown) =>
        isQuadrantError(e) &&
        e.code === 'no_fx_rate' &&
        e.param === 'date' &&
        e.message === `no EUR→CNY rate on or before ${date}: the catalog's first is dated 2024-03-01` &&
        JSON.stringify(e.detail) === JSON.stringify({ from: 'EUR', to: 'CNY', date, first: '2024-03-01' }),
    );
  }
  // the USD→CNY leg starts later than the EUR→USD leg here
  const u = new FxTable([rate('EUR', 'USD', '1.25', '2024-01-01'), rate('USD', 'CNY', '7.2', '2024-02-01')]);
  assert.throws(
    () => u.rateOn('EUR', 'CNY', '2024-01-15'),
    /no EUR→CNY rate on or before 2024-01-15.*2024-02-01/,
  );
});
