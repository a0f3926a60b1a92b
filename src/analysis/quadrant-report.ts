/**
 * The quadrant for a date and currency as one JSON-ready report (CLI --json, /api/quadrant): thresholds,
 * every model with its quadrant and frontier flag, the excluded models with the reason, and the diminishing
 * returns along the frontier. Money is exact decimal strings.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { vendorStaleness } from '../catalog/price-staleness.ts';
import type { QualityEvidence } from '../catalog/quality-index.ts';
import type { QualityAxis } from '../catalog/quality-scales.ts';
import { QuadrantError } from '../errors.ts';
import { type Dec, dec, decimalString, isDecimalText } from '../pricing/money.ts';
import { type BlendRatio, DEFAULT_BLEND, formatBlendRatio } from '../pricing/units.ts';
import { type DiminishingReturns, diminishingReturns } from './diminishing-returns.ts';
import { type ExcludedModel, type MarketSnapshot, marketSnapshot } from './market-snapshot.ts';
import { analyseQuadrant, type QuadrantAnalysis, type QuadrantLabel } from './quadrant-classification.ts';

export interface QuadrantRequest {
  date: string;
  currency: string;
  models?: string[];
  vendors?: string[];
  qualityThreshold?: number | string;
  priceThreshold?: string;
  /** Input:output weights of the blended price (default 3:1). */
  blend?: BlendRatio;
  /** Quality axis: general (default) or zh. */
  axis?: QualityAxis;
  /** Quality as known on this date (default: `date`) or 'latest'. */
  qualityAsOf?: string;
}

export interface QuadrantReportModel {
  id: string;
  name: string;
  vendor: string;
  quality_index: number;
  blended_per_million: string;
  input_per_million: string;
  output_per_million: string;
  quadrant: QuadrantLabel;
  on_frontier: boolean;
  price_valid_from: string;
  price_source: string;
  price_confidence: string;
  published_currency: string;
  fx: { rate: string; date: string; source: string; kind: string } | null;
  /** The dated scores behind quality_index: metric, value as published, as_of, source, scaled value. */
  quality_evidence: QualityEvidence[];
  /** The price is shown for a date more than 90 days after its vendor's verified_on. */
  stale: boolean;
}

export interface QuadrantReport {
  date: string;
  currency: string;
  /** The blend used, e.g. "3:1". */
  blend: string;
  /** The quality axis: general or zh (Chinese-language benchmarks). */
  axis: QualityAxis;
  /** Whose knowledge the quality index reflects: a date (default: the chart's date) or 'latest'. */
  quality_as_of: string;
  thresholds: { quality: number; price: string; quality_source: string; price_source: string };
  models: QuadrantReportModel[];
  frontier: string[];
  excluded: ExcludedModel[];
  diminishing_returns: DiminishingReturns;
}

export function parseQualityThreshold(v: number | string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) {
    throw new QuadrantError('invalid_argument', `the quality threshold must be a number, got "${v}"`, {
      param: 'quality_threshold',
    });
  }
  return n;
}

export function parsePriceThreshold(v: string | undefined): Dec | undefined {
  if (v === undefined || v === '') return undefined;
  if (!isDecimalText(v) || v.trim().startsWith('-')) {
    throw new QuadrantError(
      'invalid_argument',
      `the price threshold must be a decimal number ≥ 0, got "${v}"`,
      {
        param: 'price_threshold',
      },
    );
  }
  return dec(v);
}

export function buildQuadrant(
  catalog: Catalog,
  req: QuadrantRequest,
): { snapshot: MarketSnapshot; analysis: QuadrantAnalysis; report: QuadrantReport } {
  const snapshot = marketSnapshot(catalog, {
    date: req.date,
    currency: req.currency,
    models: req.models,
    vendors: req.vendors,
    blend: req.blend,
    axis: req.axis,
    qualityAsOf: req.qualityAsOf,
  });
  const analysis = analyseQuadrant(snapshot.points, {
    quality: parseQualityThreshold(req.qualityThreshold),
    price: parsePriceThreshold(req.priceThreshold),
  });
  const frontierPoints = analysis.models
    .filter((m) => m.onFrontier)
    .map((m) => ({ id: m.id, quality: m.qualityIndex, price: m.blendedPerMillion }));
  const report: QuadrantReport = {
    date: snapshot.date,
    currency: snapshot.currency,
    blend: formatBlendRatio(req.blend ?? DEFAULT_BLEND),
    axis: snapshot.axis,
    quality_as_of: snapshot.qualityAsOf,
    thresholds: {
      quality: analysis.thresholds.quality,
      price: decimalString(analysis.thresholds.price),
      quality_source: analysis.thresholds.qualitySource,
      price_source: analysis.thresholds.priceSource,
    },
    models: analysis.models.map((m) => ({
      id: m.id,
      name: m.name,
      vendor: m.vendor,
      quality_index: m.qualityIndex,
      blended_per_million: decimalString(m.blendedPerMillion),
      input_per_million: decimalString(m.inputPerMillion),
      output_per_million: decimalString(m.outputPerMillion),
      quadrant: m.quadrant,
      on_frontier: m.onFrontier,
      price_valid_from: m.priceValidFrom,
      price_source: m.priceSource,
      price_confidence: m.priceConfidence,
      published_currency: m.publishedCurrency,
      fx: m.fx ? { rate: m.fx.rate, date: m.fx.date, source: m.fx.source, kind: m.fx.kind } : null,
      quality_evidence: m.qualityEvidence,
      stale: vendorStaleness(catalog, m.vendor, snapshot.date).stale,
    })),
    frontier: analysis.frontier,
    excluded: snapshot.excluded,
    diminishing_returns: diminishingReturns(frontierPoints),
  };
  return { snapshot, analysis, report };
}
