/**
 * The built-in presets: every assumption carries its reason (`why:`), and the figures tagged as calibrated
 * from the catalog (`catalog_model`) still agree with it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { loadScenario, PRESETS_DIR, presetNames } from './load-scenario.ts';

describe('preset scenarios', () => {
  it('every assumption has a why: scenario, calibration, market, segments, vendors, training, funding, models, uncertainty', () => {
    for (const name of presetNames()) {
      const raw = YAML.parse(readFileSync(join(PRESETS_DIR, `${name}.yaml`), 'utf8'));
      const need = (obj: { why?: string }, where: string) =>
        assert.ok(typeof obj.why === 'string' && obj.why.length > 10, `${name}.yaml: ${where} needs a why`);
      need(raw, '(top)');
      need(raw.calibration, 'calibration');
      need(raw.market, 'market');
      for (const s of raw.segments) need(s, `segment ${s.id}`);
      for (const v of raw.vendors) {
        need(v.training, `vendor ${v.id} training`);
        need(v.funding, `vendor ${v.id} funding`);
        for (const m of v.models) need(m, `model ${m.id}`);
      }
      for (const u of raw.uncertainty) need(u, `uncertainty ${u.param}`);
    }
  });

  it('calibrated prices agree with the catalog', () => {
    const catalog = loadCatalog();
    for (const name of presetNames()) {
      const sc = loadScenario(name);
      const date = sc.calibration!.catalog_date;
      for (const v of sc.vendors) {
        for (const m of v.models) {
          if (!m.catalog_model || !catalog.hasModel(m.catalog_model)) continue;
          const first = catalog.firstPriceDate(m.catalog_model)!;
          const on = [first, date].sort()[1]; // the later of the two ISO dates
          const blended = catalog.blendedOn(m.catalog_model, on, { currency: 'USD' });
          if (blended !== undefined) {
            const b = blended.toNumber();
            assert.ok(
              Math.abs(m.price - b) <= 0.01 * Math.max(b, 0.01),
              `${name}: ${m.id} price ${m.price} vs catalog ${b}`,
            );
          }
        }
      }
    }
  });

  // On the issue-9 index (every benchmark equated onto MMLU, Elo per snapshot, as known on the calibration date).
  it('calibrated quality indices agree with the catalog', () => {
    const catalog = loadCatalog();
    for (const name of presetNames()) {
      const sc = loadScenario(name);
      const date = sc.calibration!.catalog_date;
      for (const v of sc.vendors) {
        for (const m of v.models) {
          if (!m.catalog_model || !catalog.hasModel(m.catalog_model)) continue;
          const q = catalog.qualityIndexDetail(m.catalog_model, date);
          if (q && q.evidence.length >= 2) {
            assert.ok(
              Math.abs(m.quality - q.value) < 0.1,
              `${name}: ${m.id} quality ${m.quality} vs catalog ${q.value}`,
            );
          }
        }
      }
    }
  });

  it('the presets share the May 2024 calibration and differ only in assumptions', () => {
    const [best, likely, worst] = ['best', 'likely', 'worst'].map(loadScenario);
    for (const sc of [best, worst]) {
      assert.deepEqual(
        sc.vendors.map((v) => v.models.map((m) => [m.id, m.price, m.quality, m.initial_share])),
        likely.vendors.map((v) => v.models.map((m) => [m.id, m.price, m.quality, m.initial_share])),
      );
    }
    assert.ok(
      best.market.price_elasticity > likely.market.price_elasticity &&
        worst.market.price_elasticity < likely.market.price_elasticity,
    );
  });
});
