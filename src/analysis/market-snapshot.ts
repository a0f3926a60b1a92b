/**
 * The market on one date in one currency: every model with a quality index and a blended (3:1) price on
 * that date, and the models left out with the reason. The input of the quadrant, the frontier and the
 * diminishing-returns analyses.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { FxUsed } from '../catalog/fx-table.ts';
import { QuadrantError } from '../errors.ts';
import type { Dec } from '../pricing/money.ts';
import { type BlendRatio, blendedPricePerMillion } from '../pricing/units.ts';
import { assertIsoDate } from './calendar.ts';

export interface MarketPoint {
  id: string;
  name: string;
  vendor: string;
  vendorName: string;
  qualityIndex: number;
  /** (3·input + output) / 4 per 1M tokens in `currency`, exact. */
  blendedPerMillion: Dec;
  inputPerMillion: Dec;
  outputPerMillion: Dec;
  /** The price point as published: where it came from and how sure we are. */
  priceSource: string;
  priceConfidence: string;
  priceValidFrom: string;
  publishedCurrency: string;
  fx: FxUsed | null;
  /** Where the quality index's components came from (metric → source). */
  qualitySources: Array<{ metric: string; score: number; date: string; source: string }>;
}

export type ExclusionReason = 'no_quality_index' | 'no_price_on_date' | 'no_output_price' | 'no_fx_rate';

export interface ExcludedModel {
  id: string;
  vendor: string;
  reason: ExclusionReason;
  detail: string;
}

export interface MarketSnapshot {
  date: string;
  currency: string;
  points: MarketPoint[];
  excluded: ExcludedModel[];
}

export interface SnapshotOptions {
  date: string;
  currency: string;
  /** Restrict to these ids (or aliases); unknown ids are an error. Default: every model in the catalog. */
  models?: string[];
  /** Only models of these vendors. */
  vendors?: string[];
  /** Input:output weights of the blended price (default 3:1, Artificial Analysis). */
  blend?: BlendRatio;
}

export function marketSnapshot(catalog: Catalog, options: SnapshotOptions): MarketSnapshot {
  const date = assertIsoDate(options.date);
  const currency = catalog.fx.assertCurrency(options.currency);
  const models = options.models?.length
    ? [...new Map(options.models.map((id) => [catalog.model(id).id, catalog.model(id)])).values()]
    : // embedding models have no output and no quality index: they are not part of the chat market
      catalog.models().filter((m) => m.tier !== 'embedding');
  if (options.vendors?.length) {
    for (const v of options.vendors) {
      if (!catalog.vendor(v)) {
        throw new QuadrantError(
          'invalid_argument',
          `unknown vendor "${v}"; known: ${[...catalog.vendors.keys()].join(', ')}`,
          {
            param: 'vendor',
          },
        );
      }
    }
  }
  const vendorFilter = options.vendors?.length ? new Set(options.vendors) : undefined;
  const points: MarketPoint[] = [];
  const excluded: ExcludedModel[] = [];
  for (const model of models) {
    if (vendorFilter && !vendorFilter.has(model.vendor)) continue;
    const skip = (reason: ExclusionReason, detail: string) =>
      excluded.push({ id: model.id, vendor: model.vendor, reason, detail });
    const quality = catalog.qualityIndexDetail(model.id, date);
    let price: ReturnType<Catalog['priceOn']>;
    try {
      price = catalog.priceOn(model.id, date, { currency });
    } catch (err) {
      if (err instanceof QuadrantError && (err.code === 'no_price_on_date' || err.code === 'no_fx_rate')) {
        skip(err.code, err.message);
        continue;
      }
      throw err;
    }
    if (price.outputPerMillion === undefined) {
      skip(
        'no_output_price',
        `${model.id}: no published output price on ${date} (source: ${price.point.source})`,
      );
      continue;
    }
    if (!quality) {
      skip('no_quality_index', `${model.id}: no Arena Elo, MMLU or MT-Bench score, so no quality index`);
      continue;
    }
    points.push({
      id: model.id,
      name: model.name,
      vendor: model.vendor,
      vendorName: catalog.vendor(model.vendor)?.name ?? model.vendor,
      qualityIndex: quality.value,
      blendedPerMillion: blendedPricePerMillion(price.inputPerMillion, price.outputPerMillion, options.blend),
      inputPerMillion: price.inputPerMillion,
      outputPerMillion: price.outputPerMillion,
      priceSource: price.point.source,
      priceConfidence: price.point.confidence,
      priceValidFrom: price.point.valid_from,
      publishedCurrency: price.point.currency,
      fx: price.fx,
      qualitySources: quality.components.map((c) => ({
        metric: c.metric,
        score: c.score,
        date: c.date,
        source: c.source,
      })),
    });
  }
  return { date, currency, points, excluded };
}
