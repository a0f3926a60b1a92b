/** Turns a validated Scenario (plus CLI/dashboard overrides) into the flat SimModel the kernel runs. */
import { calibrateXi } from './calibrate-xi.ts';
import { calibrateCosts } from './calibration.ts';
import { baseUtilities, initialEffectivePrices } from './effective-prices.ts';
import type { Scenario, Strategy } from './scenario-schema.ts';
import { ROLE, type SimModel, STRATEGY } from './sim-model.ts';

export interface SimOverrides {
  months?: number;
  runs?: number;
  seed?: number;
  /** Replaces the `pct` of every `undercut` strategy (the dashboard's "price cut %", as a fraction). */
  undercutPct?: number;
  /** Counterfactual "no-war": every model holds its starting list price. */
  holdPrices?: boolean;
  /** Counterfactuals of the decomposition: every funding round sought closes; no fixed costs. */
  fundingCertain?: boolean;
  noFixedCosts?: boolean;
  /** One-off price shocks (see price-shock.ts). */
  shocks?: Array<{ model: string; month: number; factor: number }>;
}

export function compileScenario(sc: Scenario, overrides: SimOverrides = {}): SimModel {
  const products = sc.vendors.flatMap((v, vi) => v.models.map((model) => ({ v, vi, model })));
  const V = sc.vendors.length;
  const J = products.length;
  const S = sc.segments.length;
  const f64 = (fn: (i: number) => number, n: number) => Float64Array.from({ length: n }, (_, i) => fn(i));
  const strategies: Strategy[] = products.map(({ v, model }) => {
    const st = model.strategy ?? v.strategy;
    if (overrides.holdPrices) return { kind: 'hold' };
    if (st.kind === 'undercut' && overrides.undercutPct !== undefined)
      return { ...st, pct: overrides.undercutPct };
    return st;
  });
  const field = (j: number, key: string, fallback: number): number => {
    const st = strategies[j] as Record<string, unknown>;
    return typeof st[key] === 'number' ? (st[key] as number) : fallback;
  };
  const regions = [...new Set(sc.vendors.map((v) => v.region))];
  const totalSize = sc.segments.reduce((a, s) => a + s.size, 0);
  const shareSum = products.reduce((a, p) => a + p.model.initial_share, 0);

  const m: SimModel = {
    name: sc.name,
    title: sc.title,
    start: sc.start,
    months: overrides.months ?? sc.months,
    runs: overrides.runs ?? sc.runs,
    seed: overrides.seed ?? sc.seed,
    V,
    J,
    S,
    vendorIds: sc.vendors.map((v) => v.id),
    vendorNames: sc.vendors.map((v) => v.name),
    productIds: products.map((p) => p.model.id),
    productVendor: Int32Array.from(products, (p) => p.vi),
    productRole: Uint8Array.from(products, (p) => ROLE[p.model.role]),
    productRegion: Int32Array.from(products, (p) => regions.indexOf(p.v.region)),
    price0: f64((j) => products[j].model.price, J),
    quality0: f64((j) => products[j].model.quality, J),
    cost0: f64((j) => products[j].model.cost, J),
    costDecline: f64((j) => products[j].model.cost_decline_per_month, J),
    freeCap0: f64((j) => products[j].model.free_tier_t_per_month, J),
    qualityPerDecade: f64(
      (j) => products[j].model.quality_per_decade ?? products[j].v.training.quality_per_decade,
      J,
    ),
    initialShare: f64((j) => products[j].model.initial_share / shareSum, J),
    xi: new Float64Array(J),
    strategyKind: Uint8Array.from(strategies, (s) => STRATEGY[s.kind]),
    strategyPct: f64((j) => field(j, 'pct', 0), J),
    strategyBand: f64((j) => field(j, 'quality_band', 8), J),
    strategyFloorMargin: f64((j) => field(j, 'floor_margin', 0), J),
    strategyEvery: Int32Array.from({ length: J }, (_, j) => field(j, 'every_months', 1)),
    strategyStep: f64((j) => field(j, 'step_pct', 0), J),
    strategyRdBoost: f64((j) => field(j, 'rd_boost', 1), J),
    strategyCapGrowth: f64((j) => field(j, 'cap_growth_per_month', 0), J),
    strategyMaxStep: f64((j) => field(j, 'max_step', 0.3), J),
    cash0: f64((v) => sc.vendors[v].cash_usd_m, V),
    fixedCost: f64((v) => sc.vendors[v].fixed_cost_usd_m_per_month, V),
    otherIncome: f64((v) => sc.vendors[v].other_income_usd_m_per_month, V),
    run0: f64((v) => sc.vendors[v].training.first_run_usd_m, V),
    escalation: f64((v) => sc.vendors[v].training.escalation, V),
    genMonths: Int32Array.from(sc.vendors, (v) => v.training.months_per_generation),
    minCashMonths: f64((v) => sc.vendors[v].training.min_cash_months, V),
    roundSize: f64((v) => sc.vendors[v].funding.round_usd_m, V),
    fundProb: f64((v) => sc.vendors[v].funding.probability_per_month, V),
    fundGap: Int32Array.from(sc.vendors, (v) => v.funding.min_gap_months),
    fundTrigger: f64((v) => sc.vendors[v].funding.trigger_runway_months, V),
    lossHorizon: Int32Array.from(sc.vendors, (v) => v.loss_horizon_months),
    lossRecovery: f64((v) => sc.vendors[v].loss_recovery_per_month, V),
    exitAfterLoss: Int32Array.from(sc.vendors, (v) => v.exit_after_loss_months),
    regions,
    vendorRegion: Int32Array.from(sc.vendors, (v) => regions.indexOf(v.region)),
    weight: f64((s) => sc.segments[s].size / totalSize, S),
    alpha: f64((s) => sc.segments[s].alpha, S),
    beta: f64((s) => sc.segments[s].beta, S),
    outsideUtility: f64((s) => sc.segments[s].outside_utility, S),
    regionPenalty: f64((i) => {
      const seg = sc.segments[Math.floor(i / V)];
      const vendor = sc.vendors[i % V];
      return seg.home_region !== undefined && seg.home_region !== vendor.region ? seg.foreign_penalty : 0;
    }, S * V),
    tokens0: sc.market.tokens_t_per_month,
    growth: sc.market.growth_per_month,
    elasticity: sc.market.price_elasticity,
    outsideImprovement: sc.market.outside_improvement_per_month,
    inertia: sc.market.inertia,
    outsideShare: sc.market.outside_share,
    spillover: sc.market.quality_spillover_per_month,
    demandNoise: sc.market.demand_noise_sd,
    uncertainty: sc.uncertainty,
    shocks: (overrides.shocks ?? []).map((sh) => ({
      product: products.findIndex((p) => p.model.id === sh.model),
      month: sh.month,
      factor: sh.factor,
    })),
    recalibrate: sc.uncertainty.some((u) => u.param === 'alpha' || u.param === 'beta'),
    impliedCost: new Float64Array(J),
    fundingCertain: overrides.fundingCertain ?? false,
  };
  calibrateNominalXi(m);
  m.calibration = calibrateCosts(m);
  if (overrides.noFixedCosts) m.fixedCost.fill(0);
  return m;
}

/** ξ reproducing the initial shares at nominal preferences. */
export function calibrateNominalXi(
  m: SimModel,
  alphaScale = 1,
  betaScale = 1,
  xi: Float64Array = m.xi,
): number {
  const base = new Float64Array(m.S * m.J);
  baseUtilities(m, alphaScale, betaScale, m.quality0, initialEffectivePrices(m), base);
  const target = Float64Array.from(m.initialShare, (s) => s * (1 - m.outsideShare));
  startingXi(m, base, target, xi);
  return calibrateXi(
    { J: m.J, S: m.S, weight: m.weight, outsideUtility: m.outsideUtility, baseUtility: base, target },
    xi,
  );
}

/**
 * Starting point of the contraction: the one-segment closed form ξ_j = ln s_j − ln s_0 − ū_j (ū the weighted
 * mean base utility minus the outside utility), so that large α·p does not underflow every share to zero.
 */
export function startingXi(
  m: SimModel,
  base: ArrayLike<number>,
  target: ArrayLike<number>,
  xi: Float64Array,
): void {
  const outside = Math.log(m.outsideShare);
  for (let j = 0; j < m.J; j++) {
    let u = 0;
    for (let s = 0; s < m.S; s++) u += m.weight[s] * (base[s * m.J + j] - m.outsideUtility[s]);
    xi[j] = Math.log(target[j]) - outside - u;
  }
}
