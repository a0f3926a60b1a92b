import assert from 'node:assert/strict';
import { test } from 'node:test';
import { marketFixture } from '../../test/support/test-catalog.ts';
import { dec } from '../pricing/money.ts';
import { percentChange, priceTimeline, summarizeTimeline } from './price-timeline.ts';

test('percent change, rounded once to 2 decimals', () => {
  assert.equal(percentChange(dec('0.02'), dec('0.0005')), '-97.5');
  assert.equal(percentChange(dec('3'), dec('1')), '-66.67');
  assert.equal(percentChange(dec('2'), dec('3')), '50');
  assert.equal(percentChange(dec('0'), dec('1')), null);
});

test('qwen-long input −97.5%, output −90% on 2024-05-21 (per-1k prices normalised to per 1M)', () => {
  const qwen = priceTimeline(marketFixture()).find((c) => c.model === 'qwen-long')!;
  assert.equal(qwen.date, '2024-05-21');
  assert.equal(qwen.vendor, 'alibaba');
  assert.equal(qwen.currency, 'CNY');
  assert.equal(qwen.inputBefore, '20');
  assert.equal(qwen.inputAfter, '0.5');
  assert.equal(qwen.inputChangePct, '-97.5');
  assert.equal(qwen.outputChangePct, '-90');
  assert.equal(qwen.source, 'fixture-qwen-cut');
  assert.equal(qwen.confidence, 'secondary');
});

test('tiers are separate series; changes sorted by date; --from/--to filter', () => {
  const all = priceTimeline(marketFixture());
  const dates = all.map((c) => c.date);
  assert.deepEqual(dates, [...dates].sort());
  const flash = all.filter((c) => c.model === 'gemini-1.5-flash');
  assert.deepEqual(
    flash.map((c) => [c.tier, c.inputChangePct, c.outputChangePct]),
    [
      ['≤128000 input tokens', '-78.57', '-71.43'],
      ['>128000 input tokens', '-78.57', '-71.43'],
    ],
  );
  const may = priceTimeline(marketFixture(), { from: '2024-05-01', to: '2024-05-31' });
  assert.deepEqual(
    may.map((c) => `${c.date} ${c.model}`),
    ['2024-05-13 glm-3-turbo', '2024-05-21 qwen-long', '2024-05-21 qwen-max'],
  );
  assert.equal(may[2].outputChangePct, '0');
  assert.throws(() => priceTimeline(marketFixture(), { from: '2024-06-01', to: '2024-05-01' }), /after/);
});

test('with firstPrices, the first price on record of each series is an event without a % change', () => {
  const all = priceTimeline(marketFixture(), { from: '2024-05-01', to: '2024-05-31', firstPrices: true });
  const changes = all.filter((c) => c.kind === 'change');
  assert.deepEqual(
    changes.map((c) => `${c.date} ${c.model}`),
    ['2024-05-13 glm-3-turbo', '2024-05-21 qwen-long', '2024-05-21 qwen-max'],
    'the cuts are the same with or without first prices',
  );
  const firsts = all.filter((c) => c.kind === 'first');
  assert.ok(firsts.length > 0);
  for (const f of firsts) {
    assert.ok(f.date >= '2024-05-01' && f.date <= '2024-05-31');
    assert.equal(f.inputBefore, null);
    assert.equal(f.inputChangePct, null);
    assert.equal(f.outputChangePct, null);
  }
  const gpt4o = firsts.find((c) => c.model === 'gpt-4o');
  assert.equal(gpt4o?.inputAfter, '5');
  assert.deepEqual(
    all.map((c) => c.date),
    [...all.map((c) => c.date)].sort(),
    'events stay in date order',
  );
});

test('summary: cuts and their vendors apart from launches (a first price is never a cut)', () => {
  const all = priceTimeline(marketFixture(), { from: '2024-05-01', to: '2024-05-31', firstPrices: true });
  const s = summarizeTimeline(all);
  const cuts = all.filter((c) => c.kind === 'change' && Number(c.inputChangePct) < 0);
  assert.equal(s.cuts, cuts.length);
  assert.deepEqual(s.cutVendors, [...new Set(cuts.map((c) => c.vendor))].sort());
  assert.equal(s.launches, all.filter((c) => c.kind === 'first').length);
  assert.ok(s.launchVendors.includes('openai'), 'gpt-4o launched in May 2024');
  assert.ok(!s.cutVendors.includes('openai'));
});
