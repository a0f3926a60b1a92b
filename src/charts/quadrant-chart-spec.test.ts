import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarketPoint } from '../analysis/market-snapshot.ts';
import { analyseQuadrant } from '../analysis/quadrant-classification.ts';
import { dec } from '../pricing/money.ts';
import { textWidth } from './label-placement.ts';
import { type QuadrantChartRow, quadrantChartSpec } from './quadrant-chart-spec.ts';

function points(n: number, ids?: string[]): MarketPoint[] {
  return Array.from({ length: n }, (_, i) => ({
    id: ids?.[i] ?? `model-${i}`,
    name: `M${i}`,
    vendor: 'v',
    vendorName: 'V',
    // quality rises with price for half of them: a frontier plus dominated models, many close together
    qualityIndex: 70 + (i % 2 === 0 ? i / 2 : i / 4),
    blendedPerMillion: dec(String(1 + i / 4)),
    inputPerMillion: dec(1),
    outputPerMillion: dec(1),
    priceSource: 's',
    priceConfidence: 'primary',
    priceValidFrom: '2024-06-01',
    publishedCurrency: 'USD',
    fx: null,
    qualityEvidence: [],
  }));
}

function specRows(n: number, width = 640, ids?: string[]) {
  const spec = quadrantChartSpec(analyseQuadrant(points(n, ids)), {
    date: 'd',
    currency: 'USD',
    allVendors: ['V'],
    blend: '1:1',
    width,
  }) as unknown as {
    data: { values: QuadrantChartRow[] };
    height: number;
    layer: unknown[];
  };
  return { spec, rows: spec.data.values };
}

/** Label boxes in pixels, from the rows' data-unit label positions (the same mapping as the spec). */
function boxes(rows: QuadrantChartRow[], spec: { height: number }, width: number) {
  const lo = Math.log10(Math.min(...rows.map((r) => r.price)) / 1.5);
  const hi = Math.log10(Math.max(...rows.map((r) => r.price)) * 1.5);
  const l0 = Math.floor(lo);
  const l1 = Math.ceil(hi);
  const qs = rows.map((r) => r.quality);
  const y0 = Math.max(0, Math.floor((Math.min(...qs) - 3) / 5) * 5);
  const y1 = Math.min(100, Math.ceil((Math.max(...qs) + 3) / 5) * 5);
  return rows
    .filter((r) => r.labelled)
    .map((r) => {
      const x = ((Math.log10(r.label_price as number) - l0) / (l1 - l0)) * width;
      const y = ((y1 - (r.label_quality as number)) / (y1 - y0)) * spec.height;
      return { id: r.id, x0: x, x1: x + textWidth(r.id, 10), y0: y - 6, y1: y + 6 };
    });
}

test('with 30 models close together, placed labels never overlap and the frontier is labelled first', () => {
  const { spec, rows } = specRows(30);
  const b = boxes(rows, spec, 640);
  for (let i = 0; i < b.length; i++)
    for (let j = i + 1; j < b.length; j++) {
      const [p, q] = [b[i], b[j]];
      const hit = p.x0 < q.x1 - 0.5 && q.x0 < p.x1 - 0.5 && p.y0 < q.y1 - 0.5 && q.y0 < p.y1 - 0.5;
      assert.ok(!hit, `${p.id} overlaps ${q.id}`);
    }
  assert.ok(
    rows.filter((r) => r.frontier).every((r) => r.labelled),
    'every frontier model is labelled',
  );
  assert.ok(b.length >= 15, `only ${b.length} of 30 labelled`);
  // some labels sit away from their point, joined by a leader line
  const json = JSON.stringify(spec);
  assert.match(json, /datum\.leader/);
  assert.match(json, /\(1:1 input:output\)/);
});

test('the seed models of the price war are labelled before other dominated models', () => {
  const ids = Array.from({ length: 30 }, (_, i) => (i === 29 ? 'qwen-long' : `model-${i}`));
  const { rows } = specRows(30, 640, ids);
  assert.equal(rows.find((r) => r.id === 'qwen-long')?.labelled, true);
});

test('a phone-width chart: legend below, labels still inside the plot', () => {
  const { spec, rows } = specRows(20, 320);
  const s = spec as unknown as { width: number; config: { legend: { orient?: string } } };
  assert.equal(s.width, 320);
  assert.equal(s.config.legend.orient, 'bottom');
  for (const b of boxes(rows, spec, 320)) assert.ok(b.x0 >= -0.5 && b.x1 <= 320.5, `${b.id} outside`);
});
