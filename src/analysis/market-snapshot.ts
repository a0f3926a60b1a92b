/**
 * The market on one date in one currency: every model with a quality index and a blended (3:1) price on
 * that date, and the models left out with the reason. The input of the quadrant, the frontier and the
 * diminishing-returns analyses.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { FxUsed } from '../catalog/fx-table.ts';
import type { QualityEvidence } from '../catalog/quality-index.ts';
import type { QualityAxis } from '../catalog/quality-scales.ts';
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
  /** The dated scores behind the quality index (none dated after the snapshot unless quality is "latest"). */
  qualityEvidence: QualityEvidence[];
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
  axis: QualityAxis;
  /** The date whose knowledge the quality index uses ('latest': every score in the catalog). */
  qualityAsOf: string;
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
  /** Quality axis: general (default) or zh (Chinese-language benchmarks). */
  axis?: QualityAxis;
  /** Quality as known on this date (default: `date`), or 'latest' for today's knowledge. */
  qualityAsOf?: string;
}

/** 'latest' or an ISO date; anything else is an invalid_argument error. */
export function parseQualityAsOf(value: string | undefined, date: string): string {
  if (value === undefined || value === '') return date;
  if (value === 'latest') return value;
  return assertIsoDate(value, '--quality-as-of');
}

export function parseQualityAxis(value: string | undefined): QualityAxis {
  if (value === undefined || value === '' || value === 'general') return 'general';
  if (value === 'zh') return 'zh';
  throw new QuadrantError('invalid_argument', `the quality axis must be general or zh, got "${value}"`, {
    param: 'axis',
  });
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
  const axis = options.axis ?? 'general';
  const qualityAsOf = parseQualityAsOf(options.qualityAsOf, date);
  const vendorFilter = options.vendors?.length ? new Set(options.vendors) : undefined;
  const points: MarketPoint[] = [];
  const excluded: ExcludedModel[] = [];
  for (const model of models) {
    if (vendorFilter && !vendorFilter.has(model.vendor)) continue;
    const skip = (reason: ExclusionReason, detail: string) =>
      excluded.push({ id: model.id, vendor: model.vendor, reason, detail });
    const quality = catalog.qualityIndexDetail(
      model.id,
      qualityAsOf === 'latest' ? undefined : qualityAsOf,
      axis,
    );
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
      skip(
        'no_quality_index',
        `${model.id}: no ${axis === 'zh' ? 'Chinese-language ' : ''}score on the index's scale${qualityAsOf === 'latest' ? '' : ` dated on or before ${qualityAsOf}`}, so no quality index`,
      );
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
      qualityEvidence: quality.evidence,
    });
  }
  return { date, currency, axis, qualityAsOf, points, excluded };
}
