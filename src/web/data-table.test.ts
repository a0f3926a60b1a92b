import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanLabel, humanValue, renderUnknown } from './data-table.ts';

test('operations labels read as words, with units', () => {
  assert.equal(humanLabel('latencyMs'), 'Latency (ms)');
  assert.equal(humanLabel('ttftMs'), 'Time to first token (ms)');
  assert.equal(humanLabel('period_start'), 'Period start');
  assert.equal(humanLabel('consecutive_failures'), 'Consecutive failures');
  assert.equal(humanLabel('queueDepthMs'), 'Queue depth (ms)');
});

test('figures are rounded for people: ms whole, rates in %, money, timestamps to the minute', () => {
  assert.equal(
    humanValue('latencyMs', { p50: 120.4567, p95: 340.5, p99: null }),
    'p50 120 · p95 341 · p99 —',
  );
  assert.equal(humanValue('errorRate', 0.01234), '1.2%');
  assert.equal(humanValue('window_ms', 300_000), '5 min');
  assert.equal(humanValue('spent', '0.012345678901'), '0.0123457');
  assert.equal(humanValue('amount', '100.000'), '100.00');
  assert.equal(humanValue('generated_at', '2026-11-30T12:34:56.789Z'), '2026-11-30 12:34 UTC');
  assert.equal(humanValue('verdict', 'insufficient_data'), 'insufficient data');
  assert.equal(humanValue('samples', 12.3456), '12.35');
  assert.equal(humanValue('model', 'gpt_4o_custom'), 'gpt_4o_custom');
});

test('renderUnknown uses the human labels and figures', () => {
  const html = renderUnknown([{ model: 'gpt-4o', latencyMs: { p95: 812.7 }, errorRate: 0.5 }], 'SLA');
  assert.match(html, /<button type="button" data-col="1">Latency \(ms\)<\/button>/);
  assert.match(html, /<td class="num">50%<\/td>|<td>p95 813<\/td>/);
  assert.doesNotMatch(html, /latencyMs|errorRate/);
});
