/**
 * The scenario file (YAML) of the price-war simulator, validated strictly with zod.
 *
 * Units (one common currency, USD): prices and serving costs per 1M tokens, blended 3:1 input:output
 * (Artificial Analysis convention); token volumes in trillions (1e12) per month; cash, fixed costs, training
 * runs and funding rounds in USD millions. Quality is on the catalog's quality index scale (0–100).
 * So revenue in USD millions = trillions of tokens × USD per 1M tokens.
 *
 * Every object may carry `why:` — the reason or source of its numbers. The built-in presets must
 * (a test checks it); user scenarios may omit it.
 */
import { z } from 'zod';
import { reportDuplicateIds } from './duplicate-ids.ts';

const why = z.string().min(1).optional();
const share = z.number().gt(0).lt(1);
const fraction = z.number().min(0).max(1);
const nonNeg = z.number().finite().min(0);
const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lower-case slugs (a-z, 0-9, . _ -)');

const qualityBand = nonNeg.default(8);
/** Price floor: price ≥ cost × (1 + floor_margin); a negative margin lets a vendor price below cost. */
const floorMargin = z.number().min(-1).default(0);

export const strategySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('hold'), why }),
  z.strictObject({
    kind: z.literal('follow_cheapest'),
    /** Rivals within this many quality points are "comparable". */
    quality_band: qualityBand,
    floor_margin: floorMargin,
    why,
  }),
  z.strictObject({
    kind: z.literal('undercut'),
    /** Price = cheapest comparable rival × (1 − pct). */
    pct: z.number().gt(0).lt(1),
    quality_band: qualityBand,
    floor_margin: floorMargin,
    /** Re-price every n months (price wars move in announcements, not daily). */
    every_months: z.number().int().min(1).default(1),
    why,
  }),
  z.strictObject({
    kind: z.literal('premium'),
    /** Monthly price rise while the model leads its comparable rivals on quality. */
    step_pct: z.number().min(0).max(0.5).default(0.02),
    /** Multiplier on the vendor's R&D spend (raise quality first). */
    rd_boost: z.number().min(1).default(1.5),
    quality_band: qualityBand,
    why,
  }),
  z.strictObject({
    kind: z.literal('best_response'),
    /**
     * Each re-pricing moves to the static best response against last month's prices (one Morrow–Skerlos step
     * over the vendor's own models) at the perceived marginal cost: the calibrated implied cost, falling with
     * serving costs; a loss leader's subsidy is withdrawn after `loss_horizon_months` below serving cost.
     * Prices rise when rivals exit, quality improves or a subsidy ends, and fall with costs.
     */
    every_months: z.number().int().min(1).default(1),
    /** Largest relative price change per re-pricing (list prices move in steps, not jumps). */
    max_step: z.number().gt(0).max(1).default(0.3),
    why,
  }),
  z.strictObject({
    kind: z.literal('freemium'),
    /** Monthly growth of the free-tier cap (the paid price is held). */
    cap_growth_per_month: z.number().min(0).max(1).default(0.05),
    why,
  }),
]);
export type Strategy = z.infer<typeof strategySchema>;

export const modelSchema = z.strictObject({
  id: slug,
  /** attack: frontier model priced upward; defence: cheap model, free tiers (article §8). */
  role: z.enum(['attack', 'defence']),
  /** Catalog model id the price and quality were calibrated from. */
  catalog_model: z.string().optional(),
  /** List price, USD per 1M tokens, blended 3:1. */
  price: nonNeg,
  quality: z.number().finite().min(0).max(150),
  /** Marginal serving cost, USD per 1M tokens. */
  cost: nonNeg,
  cost_decline_per_month: z.number().min(0).lt(1).default(0.04),
  /** Share of the inside (bought) tokens at the start; ξ is calibrated to reproduce it (1 for a lone model). */
  initial_share: z.number().gt(0).max(1),
  /** Free tier with a usage cap: up to this many trillion tokens a month are given away. */
  free_tier_t_per_month: nonNeg.default(0),
  /** Index points gained per tenfold cumulative R&D (diminishing returns); default: the vendor's. */
  quality_per_decade: nonNeg.optional(),
  strategy: strategySchema.optional(),
  why,
});
export type ScenarioModel = z.infer<typeof modelSchema>;

export const vendorSchema = z.strictObject({
  id: slug,
  name: z.string().min(1),
  /** Region code matched against a segment's home_region (access, language, regulation). */
  region: z.string().min(1),
  cash_usd_m: nonNeg,
  fixed_cost_usd_m_per_month: nonNeg,
  /** Income not from this API market (subscriptions, cloud, a parent's transfers), USD M per month. */
  other_income_usd_m_per_month: nonNeg.default(0),
  training: z.strictObject({
    /** Cost of the training run in progress at the start (spread over its generation). */
    first_run_usd_m: nonNeg,
    /** Cost multiplier from one generation to the next (article: $1B now, $5–10B in 2025–2026). */
    escalation: z.number().min(1).max(20),
    months_per_generation: z.number().int().min(1).max(60),
    /** Index points per tenfold cumulative training spend (over the first run). */
    quality_per_decade: nonNeg,
    /** Train only while cash covers this many months of fixed cost + training. */
    min_cash_months: nonNeg.default(3),
    why,
  }),
  funding: z.strictObject({
    round_usd_m: nonNeg,
    /** Chance per month that a round closes once the vendor seeks one. */
    probability_per_month: fraction,
    min_gap_months: z.number().int().min(0).default(6),
    /** Seek a round when cash covers fewer than this many months of burn. */
    trigger_runway_months: nonNeg.default(9),
    why,
  }),
  /**
   * Months a model may sell below its serving cost before the vendor raises its price (follow, undercut: by
   * `loss_recovery_per_month` toward cost; best_response: the subsidy is withdrawn at that pace).
   */
  loss_horizon_months: z.number().int().min(1).max(240).default(12),
  loss_recovery_per_month: z.number().gt(0).max(1).default(0.25),
  /**
   * The vendor leaves the API market after this many consecutive months of operating losses (revenue − serving −
   * fixed costs + other income) once its runway is below its funding trigger — negative expected value, not
   * only an empty till.
   */
  exit_after_loss_months: z.number().int().min(1).max(240).default(24),
  /** Default strategy of the vendor's models. */
  strategy: strategySchema.default({ kind: 'hold' }),
  models: z.array(modelSchema).min(1, 'a vendor needs at least one model'),
  why,
});
export type ScenarioVendor = z.infer<typeof vendorSchema>;

export const segmentSchema = z.strictObject({
  id: slug,
  /** Share of token demand (normalised over segments). */
  size: z.number().gt(0),
  /** Disutility per USD per 1M tokens. */
  alpha: z.number().gt(0),
  /** Utility per quality index point. */
  beta: nonNeg,
  outside_utility: z.number().finite().default(0),
  home_region: z.string().optional(),
  /** Utility lost buying from a vendor outside home_region. */
  foreign_penalty: nonNeg.default(0),
  why,
});
export type ScenarioSegment = z.infer<typeof segmentSchema>;

export const UNCERTAIN_PARAMS = [
  'growth_per_month',
  'price_elasticity',
  'cost_decline',
  'alpha',
  'beta',
  'training_escalation',
  'funding_probability',
  'quality_progress',
] as const;
export type UncertainParam = (typeof UNCERTAIN_PARAMS)[number];

export const distributionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), value: z.number().finite() }),
  z
    .strictObject({ kind: z.literal('uniform'), min: z.number().finite(), max: z.number().finite() })
    .refine((d) => d.max >= d.min, { message: 'max must be ≥ min', path: ['max'] }),
  z
    .strictObject({
      kind: z.literal('triangular'),
      min: z.number().finite(),
      mode: z.number().finite(),
      max: z.number().finite(),
    })
    .refine((d) => d.min <= d.mode && d.mode <= d.max, { message: 'need min ≤ mode ≤ max', path: ['mode'] }),
  z.strictObject({ kind: z.literal('normal'), mean: z.number().finite(), sd: nonNeg }),
  /** Multiplier e^{N(0, sd)} with median 1 (for positive factors). */
  z.strictObject({ kind: z.literal('lognormal'), median: z.number().gt(0), sd: nonNeg }),
]);
export type Distribution = z.infer<typeof distributionSchema>;

export const uncertaintySchema = z.strictObject({
  param: z.enum(UNCERTAIN_PARAMS),
  /** 'set': the draw replaces the value; 'scale': it multiplies it (default). */
  mode: z.enum(['scale', 'set']).default('scale'),
  /** 'run': one draw per run for everyone; 'vendor': one draw per vendor per run. */
  per: z.enum(['run', 'vendor']).default('run'),
  dist: distributionSchema,
  why,
});
export type Uncertainty = z.infer<typeof uncertaintySchema>;

export const scenarioSchema = z
  .strictObject({
    name: slug,
    title: z.string().min(1),
    description: z.string().optional(),
    /** The calendar month of step 0 (the calibration date). */
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
    currency: z.literal('USD').default('USD'),
    months: z.number().int().min(1).max(240).default(36),
    runs: z.number().int().min(1).max(100_000).default(1000),
    seed: z.number().int().default(1),
    calibration: z
      .strictObject({
        catalog_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
        usd_cny: z.number().gt(0),
        why,
      })
      .optional(),
    market: z.strictObject({
      tokens_t_per_month: z.number().gt(0),
      growth_per_month: z.number().gt(-1).lt(5),
      /**
       * Elasticity of demand per buyer to the segment's quality-adjusted price index, read off the logit
       * inclusive value (expected maximum utility): index_t = P̄₀ · exp(−ΔIV / (α P̄₀)), P̄₀ the segment's average
       * price paid at the start, so demand per buyer × exp(price_elasticity × ΔIV / (α P̄₀)). A uniform cut of
       * x% lowers the index by ≈ x%·(1 − s₀); buyers merely switching between models at unchanged prices and
       * qualities leave the IV — and the market — unchanged (no double count with the logit's outside option).
       */
      price_elasticity: nonNeg,
      /** Utils per month added to every segment's outside option (open-weights models, self-hosting improve). */
      outside_improvement_per_month: z.number().finite().min(0).default(0),
      /** Share of each vendor's users that stays put each month (switching inertia). */
      inertia: z.number().min(0).lt(1),
      /** Target outside-option share at the start (used with initial shares to calibrate ξ). */
      outside_share: share,
      /** Monthly fraction of the gap to the best model closed by labs that keep training (distillation, open weights). */
      quality_spillover_per_month: fraction.default(0),
      /** Standard deviation of the monthly log demand shock. */
      demand_noise_sd: nonNeg.default(0),
      why,
    }),
    segments: z.array(segmentSchema).min(1, 'at least one buyer segment'),
    vendors: z.array(vendorSchema).min(1, 'at least one vendor'),
    uncertainty: z.array(uncertaintySchema).default([]),
    why,
  })
  .superRefine((s, ctx) => {
    reportDuplicateIds(
      s.vendors.map((v, vi) => ({ id: v.id, path: ['vendors', vi, 'id'] })),
      'vendor',
      ctx,
    );
    reportDuplicateIds(
      s.vendors.flatMap((v, vi) =>
        v.models.map((m, mi) => ({ id: m.id, path: ['vendors', vi, 'models', mi, 'id'] })),
      ),
      'model',
      ctx,
    );
    const total = s.vendors.reduce((a, v) => a + v.models.reduce((b, m) => b + m.initial_share, 0), 0);
    if (Math.abs(total - 1) > 0.02) {
      ctx.addIssue({
        code: 'custom',
        message: `initial_share of all models must sum to 1 (±0.02), got ${total.toFixed(4)}`,
        path: ['vendors'],
      });
    }
  });
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
