import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarketPoint } from '../analysis/market-snapshot.ts';
import { analyseQuadrant } from '../analysis/quadrant-classification.ts';
import { dec } from '../pricing/money.ts';
import { LABEL_ALL_UP_TO, quadrantChartRows, quadrantChartSpec } from './quadrant-chart-spec.ts';

function points(n: number): MarketPoint[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    name: `M${i}`,
    vendor: 'v',
    vendorName: 'V',
    // quality rises with price for half of them: a frontier plus dominated models
    qualityIndex: 50 + (i % 2 === 0 ? i : i / 2),
    blendedPerMillion: dec(i + 1),
    inputPerMillion: dec(i + 1),
    outputPerMillion: dec(i + 1),
    priceSource: 's',
    priceConfidence: 'primary',
    priceValidFrom: '2024-06-01',
    publishedCurrency: 'USD',
    fx: null,
    qualityEvidence: [],
  }));
}

test('every point is labelled while they are few; beyond that only the frontier is', () => {
  const few = quadrantChartRows(analyseQuadrant(points(LABEL_ALL_UP_TO)), 'USD');
  assert.ok(few.every((r) => r.labelled));
  const many = quadrantChartRows(analyseQuadrant(points(40)), 'USD');
  assert.deepEqual(
    many.filter((r) => r.labelled).map((r) => r.id),
    many.filter((r) => r.frontier).map((r) => r.id),
  );
  assert.ok(many.some((r) => !r.labelled));
  const spec = JSON.stringify(
    quadrantChartSpec(analyseQuadrant(points(40)), {
      date: 'd',
      currency: 'USD',
      allVendors: ['V'],
      blend: '1:1',
    }),
  );
  assert.match(spec, /datum\.labelled/);
  assert.match(spec, /labels: the frontier/);
  assert.match(spec, /\(1:1 input:output\)/);
});
