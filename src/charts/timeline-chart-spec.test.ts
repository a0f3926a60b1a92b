import assert from 'node:assert/strict';
import { test } from 'node:test';
import { priceTimeline } from '../analysis/price-timeline.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { timelineChartSpec } from './timeline-chart-spec.ts';

test('the May 2024 timeline compiles without Vega-Lite warnings (no conflicting scale domains between layers)', async () => {
  const catalog = loadCatalog();
  const cuts = priceTimeline(catalog, { from: '2024-05-01', to: '2024-06-01' }).filter(
    (c) => c.kind === 'change',
  );
  assert.ok(cuts.length >= 10);
  const spec = timelineChartSpec(cuts, {
    allVendors: [...catalog.vendors.keys()],
    vendorName: (id: string) => id,
    from: '2024-05-01',
    to: '2024-06-01',
  });
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    info: () => logger,
    debug: () => logger,
    warn: (...args: unknown[]) => {
      warnings.push(args.join(' '));
      return logger;
    },
    error: (...args: unknown[]) => {
      warnings.push(args.join(' '));
      return logger;
    },
  };
  const vl = await import('vega-lite');
  const vega = vl.compile(spec, { logger: logger as never }).spec as {
    scales?: { name: string; domain: unknown }[];
  };
  assert.deepEqual(warnings, []);
  const x = vega.scales?.find((s) => s.name === 'x');
  assert.ok(x, 'an x scale');
  assert.match(JSON.stringify(x.domain), /datetime\(1714521600000\)/, 'the range asked for starts the axis');
});
