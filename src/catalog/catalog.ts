/**
 * The market model in memory: vendors, models with dated price history and quality scores, FX.
 * "The price" of a model means the price point valid on a date for the request's size (tier).
 */
import { QuadrantError, suggestClosest } from '../errors.ts';
import { type Dec, dec } from '../pricing/money.ts';
import { blendedPricePerMillion, perMillion } from '../pricing/units.ts';
import { FxTable, type FxUsed } from './fx-table.ts';
import { type QualityIndex, QualityModel } from './quality-index.ts';
import type { AxisScales, QualityAxis } from './quality-scales.ts';
import type { FxRate, Model, PricePoint, Tier, Vendor } from './schema.ts';

export type CatalogModel = Model & {
  vendor: string /** 'builtin' or where a user model came from */;
  origin?: string;
};

/** A price point resolved for a date, per 1M tokens, in `currency`. */
export interface ResolvedPrice {
  modelId: string;
  date: string;
  currency: string;
  inputPerMillion: Dec;
  /** undefined: the vendor did not publish an output price (unknown, not zero). */
  outputPerMillion: Dec | undefined;
  cachedInputPerMillion: Dec | undefined;
  cacheWritePerMillion: Dec | undefined;
  /** The point as published (its own currency and unit), with source and confidence. */
  point: PricePoint;
  /** The FX rate used when `currency` differs from the point's currency. */
  fx: FxUsed | null;
}

export interface PriceQuery {
  /** Prompt tokens of one request (selects the tier). Omitted: the base (smallest-prompt) tier. */
  inputTokens?: number;
  /** Convert to this currency (default: the point's own currency, preferring USD when there are several). */
  currency?: string;
}

function tierKey(t: Tier | undefined): string {
  return t ? `${t.max_input_tokens ?? ''}|${t.min_input_tokens_exclusive ?? ''}` : '';
}

function tierMatches(t: Tier | undefined, inputTokens: number | undefined): boolean {
  if (!t) return true;
  if (inputTokens === undefined) return t.min_input_tokens_exclusive === undefined; // the base tier
  if (t.max_input_tokens !== undefined && inputTokens > t.max_input_tokens) return false;
  if (t.min_input_tokens_exclusive !== undefined && inputTokens <= t.min_input_tokens_exclusive) return false;
  return true;
}

/** The points in force on `date`: per (currency, tier), the latest one started on or before it and not ended. */
export function pointsInForce(prices: PricePoint[], date: string): PricePoint[] {
  const latest = new Map<string, PricePoint>();
  for (const p of prices) {
    if (p.valid_from > date) continue;
    const key = `${p.currency}#${tierKey(p.tier)}`;
    const prior = latest.get(key);
    if (!prior || p.valid_from > prior.valid_from) latest.set(key, p);
  }
  return [...latest.values()].filter((p) => p.valid_to === undefined || date < p.valid_to);
}

export class Catalog {
  readonly vendors: ReadonlyMap<string, Vendor>;
  readonly fx: FxTable;
  private readonly byId = new Map<string, CatalogModel>();
  private readonly byAlias = new Map<string, CatalogModel>();
  /** Memo of resolved prices (the gateway prices every request): model|date|currency|point → price. */
  private readonly priceMemo = new Map<string, ResolvedPrice>();
  private readonly inForceMemo = new Map<string, PricePoint[]>();
  private quality: QualityModel | undefined;

  constructor(vendors: Vendor[], models: CatalogModel[], fx: FxRate[]) {
    this.vendors = new Map(vendors.map((v) => [v.id, v]));
    this.fx = new FxTable(fx);
    for (const m of models) this.byId.set(m.id, m);
    for (const m of models) for (const a of m.aliases ?? []) if (!this.byId.has(a)) this.byAlias.set(a, m);
  }

  /** Built from validated files; `extra` (user models from the store) override built-in ids. */
  static fromSources(
    sources: { vendors: Vendor[]; models: Array<Model & { vendor: string }>; fx: FxRate[] },
    extra: CatalogModel[] = [],
  ): Catalog {
    const merged = new Map<string, CatalogModel>();
    for (const m of sources.models) merged.set(m.id, { ...m, origin: 'builtin' });
    for (const m of extra) merged.set(m.id, m);
    return new Catalog(sources.vendors, [...merged.values()], sources.fx);
  }

  models(): CatalogModel[] {
    return [...this.byId.values()];
  }

  hasModel(id: string): boolean {
    return this.byId.has(id) || this.byAlias.has(id);
  }

  /** The model by id or alias; unknown ids are an error that suggests close ids. */
  model(id: string): CatalogModel {
    const m = this.byId.get(id) ?? this.byAlias.get(id);
    if (m) return m;
    const hint = suggestClosest(id, this.byId.keys());
    throw new QuadrantError(
      'unknown_model',
      `unknown model "${id}"${hint.length ? `; did you mean ${hint.join(', ')}?` : ' (see `quadrant models`)'}`,
      { param: 'model', detail: { suggestions: hint } },
    );
  }

  vendor(id: string): Vendor | undefined {
    return this.vendors.get(id);
  }

  /** The first day the model has any price. */
  firstPriceDate(id: string): string | undefined {
    const dates = this.model(id)
      .prices.map((p) => p.valid_from)
      .sort();
    return dates[0];
  }

  /**
   * The price of `modelId` on `date` for a request with `inputTokens` prompt tokens, per 1M tokens,
   * converted to `currency` if asked (reporting the rate used).
   */
  priceOn(modelId: string, date: string, query: PriceQuery = {}): ResolvedPrice {
    const model = this.model(modelId);
    const wanted = query.currency ? this.fx.assertCurrency(query.currency) : undefined;
    const inForce = this.inForce(model, date).filter((p) => tierMatches(p.tier, query.inputTokens));
    if (inForce.length === 0) {
      const first = this.firstPriceDate(model.id);
      const why = !first
        ? `the catalog has no price for ${model.id}`
        : date < first
          ? `${model.id} has no price before ${first} (asked for ${date})`
          : `${model.id} has no price in force on ${date}${query.inputTokens !== undefined ? ` for a ${query.inputTokens}-token prompt` : ''}`;
      throw new QuadrantError('no_price_on_date', why, { param: 'date' });
    }
    const point =
      inForce.find((p) => p.currency === wanted) ?? inForce.find((p) => p.currency === 'USD') ?? inForce[0];
    const target = wanted ?? point.currency;
    const memoKey = `${model.id}|${date}|${target}|${model.prices.indexOf(point)}`;
    const memo = this.priceMemo.get(memoKey);
    if (memo) return memo;
    const resolved = this.resolvePoint(model.id, point, date, target);
    if (this.priceMemo.size > 100_000) this.priceMemo.clear();
    this.priceMemo.set(memoKey, resolved);
    return resolved;
  }

  private inForce(model: CatalogModel, date: string): PricePoint[] {
    const key = `${model.id}|${date}`;
    let points = this.inForceMemo.get(key);
    if (!points) {
      points = pointsInForce(model.prices, date);
      if (this.inForceMemo.size > 100_000) this.inForceMemo.clear();
      this.inForceMemo.set(key, points);
    }
    return points;
  }

  private resolvePoint(modelId: string, point: PricePoint, date: string, target: string): ResolvedPrice {
    const fx = this.fx.rateOn(point.currency, target, date);
    const conv = (v: string | undefined): Dec | undefined => {
      if (v === undefined) return undefined;
      const pm = perMillion(dec(v), point.unit);
      return fx ? pm.times(fx.rate) : pm;
    };
    return {
      modelId,
      date,
      currency: target,
      inputPerMillion: conv(point.input)!,
      outputPerMillion: conv(point.output),
      cachedInputPerMillion: conv(point.cached_input),
      cacheWritePerMillion: conv(point.cache_write),
      point,
      fx,
    };
  }

  /** Blended (3:1 by default) price per 1M on a date, or undefined when the output price is unknown. */
  blendedOn(
    modelId: string,
    date: string,
    query: PriceQuery = {},
    ratio?: { input: number; output: number },
  ) {
    const p = this.priceOn(modelId, date, query);
    return p.outputPerMillion === undefined
      ? undefined
      : blendedPricePerMillion(p.inputPerMillion, p.outputPerMillion, ratio);
  }

  private qualityModel(): QualityModel {
    this.quality ??= new QualityModel(this.models());
    return this.quality;
  }

  /** The quality index as known on `asOf` (undefined: today's knowledge) on `axis`, with its evidence. */
  qualityIndexDetail(modelId: string, asOf?: string, axis: QualityAxis = 'general'): QualityIndex | null {
    return this.qualityModel().index(this.model(modelId).id, axis, asOf);
  }

  qualityIndex(modelId: string, asOf?: string, axis: QualityAxis = 'general'): number | null {
    return this.qualityIndexDetail(modelId, asOf, axis)?.value ?? null;
  }

  /** The fitted scales of an axis (how each benchmark maps onto the reference). */
  qualityScales(axis: QualityAxis): AxisScales {
    return this.qualityModel().scales(axis);
  }
}
