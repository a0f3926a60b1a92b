/**
 * The price-war timeline: every dated price change in the catalog — consecutive price points of the same
 * model, currency and tier — with the change of the input and output price in percent, exact decimals
 * (qwen-long input 0.02 → 0.0005 CNY per 1k: −97.5%). Units are normalised to per 1M before comparing.
 * With `firstPrices`, the first price the catalog has for a model in each currency and tier is an event too —
 * a launch, or the earliest price on record (GPT-4o launched at half GPT-4 Turbo's price; Doubao Pro and
 * DeepSeek-V2 entered the war with launch prices, not cuts).
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { PricePoint, Tier } from '../catalog/schema.ts';
import { QuadrantError } from '../errors.ts';
import { Dec, decimalString } from '../pricing/money.ts';
import { perMillion } from '../pricing/units.ts';
import { assertIsoDate } from './calendar.ts';

export interface PriceChange {
  /** 'change': a new price for a model already priced; 'first': its first price on record (with `firstPrices`). */
  kind: 'change' | 'first';
  date: string;
  model: string;
  modelName: string;
  vendor: string;
  currency: string;
  /** e.g. "≤128000 input tokens"; null for the base price. */
  tier: string | null;
  /** Per 1M tokens in `currency`, decimal strings; null for a first price. */
  inputBefore: string | null;
  inputAfter: string;
  /** Percent change, rounded to 2 decimals ("-97.5", "-66.67"); null when the old price was 0. */
  inputChangePct: string | null;
  outputBefore: string | null;
  outputAfter: string | null;
  outputChangePct: string | null;
  source: string;
  confidence: string;
  note?: string;
}

export function describeTier(t: Tier | undefined): string | null {
  if (!t) return null;
  const parts: string[] = [];
  if (t.min_input_tokens_exclusive !== undefined) parts.push(`>${t.min_input_tokens_exclusive}`);
  if (t.max_input_tokens !== undefined) parts.push(`≤${t.max_input_tokens}`);
  return `${parts.join(' and ')} input tokens`;
}

/** The change in percent, rounded once here to 2 decimals (half-even): −66.67, not a 50-digit repeating decimal. */
export function percentChange(before: Dec, after: Dec): string | null {
  if (before.isZero()) return null;
  return decimalString(
    after.minus(before).dividedBy(before).times(100).toDecimalPlaces(2, Dec.ROUND_HALF_EVEN),
  );
}

function pm(p: PricePoint, v: string | undefined): Dec | undefined {
  return v === undefined ? undefined : perMillion(v, p.unit);
}

export function priceTimeline(
  catalog: Catalog,
  range: { from?: string; to?: string; firstPrices?: boolean } = {},
): PriceChange[] {
  const from = range.from === undefined ? undefined : assertIsoDate(range.from, 'from');
  const to = range.to === undefined ? undefined : assertIsoDate(range.to, 'to');
  if (from && to && from > to) {
    throw new QuadrantError('invalid_argument', `--from (${from}) is after --to (${to})`, { param: 'from' });
  }
  const changes: PriceChange[] = [];
  for (const model of catalog.models()) {
    const series = new Map<string, PricePoint[]>();
    for (const p of model.prices) {
      const key = `${p.currency}#${describeTier(p.tier) ?? ''}`;
      series.set(key, [...(series.get(key) ?? []), p]);
    }
    for (const points of series.values()) {
      points.sort((a, b) => a.valid_from.localeCompare(b.valid_from));
      const first = points[0];
      if (range.firstPrices && !(from && first.valid_from < from) && !(to && first.valid_from > to)) {
        const outFirst = pm(first, first.output);
        changes.push({
          kind: 'first',
          date: first.valid_from,
          model: model.id,
          modelName: model.name,
          vendor: model.vendor,
          currency: first.currency,
          tier: describeTier(first.tier),
          inputBefore: null,
          inputAfter: decimalString(pm(first, first.input)!),
          inputChangePct: null,
          outputBefore: null,
          outputAfter: outFirst === undefined ? null : decimalString(outFirst),
          outputChangePct: null,
          source: first.source,
          confidence: first.confidence,
          ...(first.note ? { note: first.note } : {}),
        });
      }
      for (let i = 1; i < points.length; i++) {
        const a = points[i - 1];
        const b = points[i];
        if (from && b.valid_from < from) continue;
        if (to && b.valid_from > to) continue;
        const inA = pm(a, a.input)!;
        const inB = pm(b, b.input)!;
        const outA = pm(a, a.output);
        const outB = pm(b, b.output);
        if (inA.equals(inB) && (outA === undefined || outB === undefined || outA.equals(outB))) continue;
        changes.push({
          kind: 'change',
          date: b.valid_from,
          model: model.id,
          modelName: model.name,
          vendor: model.vendor,
          currency: b.currency,
          tier: describeTier(b.tier),
          inputBefore: decimalString(inA),
          inputAfter: decimalString(inB),
          inputChangePct: percentChange(inA, inB),
          outputBefore: outA === undefined ? null : decimalString(outA),
          outputAfter: outB === undefined ? null : decimalString(outB),
          outputChangePct: outA !== undefined && outB !== undefined ? percentChange(outA, outB) : null,
          source: b.source,
          confidence: b.confidence,
          ...(b.note ? { note: b.note } : {}),
        });
      }
    }
  }
  return changes.sort(
    (x, y) =>
      x.date.localeCompare(y.date) || x.vendor.localeCompare(y.vendor) || x.model.localeCompare(y.model),
  );
}

export interface TimelineSummary {
  /** Changes whose input price fell (inputChangePct < 0), and their vendors (sorted). */
  cuts: number;
  cutVendors: string[];
  /** First prices on record in the range (launches, not cuts), and their vendors (sorted). */
  launches: number;
  launchVendors: string[];
}

/** What a range of the timeline holds: the cuts and who made them; the launches and who made them. */
export function summarizeTimeline(changes: PriceChange[]): TimelineSummary {
  const cuts = changes.filter(
    (c) => c.kind === 'change' && c.inputChangePct !== null && Number(c.inputChangePct) < 0,
  );
  const launches = changes.filter((c) => c.kind === 'first');
  const vendorsOf = (list: PriceChange[]) => [...new Set(list.map((c) => c.vendor))].sort();
  return {
    cuts: cuts.length,
    cutVendors: vendorsOf(cuts),
    launches: launches.length,
    launchVendors: vendorsOf(launches),
  };
}
