/**
 * A scenario compiled to flat typed arrays for the Monte Carlo kernel (products j, vendors v, segments s).
 * Built once per simulation; the kernel never allocates per step.
 */
import type { Calibration } from './calibration-report.ts';
import type { Uncertainty } from './scenario-schema.ts';

export const STRATEGY = {
  hold: 0,
  follow_cheapest: 1,
  undercut: 2,
  premium: 3,
  freemium: 4,
  best_response: 5,
} as const;
export const ROLE = { attack: 0, defence: 1 } as const;

export interface SimModel {
  name: string;
  title: string;
  start: string;
  months: number;
  runs: number;
  seed: number;
  V: number;
  J: number;
  S: number;

  vendorIds: string[];
  vendorNames: string[];
  productIds: string[];
  productVendor: Int32Array;
  productRole: Uint8Array;
  /** Region index of the product's vendor: rivals are comparable only within a region (markets are segmented). */
  productRegion: Int32Array;

  // products
  price0: Float64Array;
  quality0: Float64Array;
  cost0: Float64Array;
  costDecline: Float64Array;
  freeCap0: Float64Array;
  qualityPerDecade: Float64Array;
  initialShare: Float64Array;
  /** ξ calibrated at nominal preferences. */
  xi: Float64Array;
  strategyKind: Uint8Array;
  strategyPct: Float64Array;
  strategyBand: Float64Array;
  strategyFloorMargin: Float64Array;
  strategyEvery: Int32Array;
  strategyStep: Float64Array;
  strategyRdBoost: Float64Array;
  strategyCapGrowth: Float64Array;
  strategyMaxStep: Float64Array;

  // vendors
  cash0: Float64Array;
  fixedCost: Float64Array;
  otherIncome: Float64Array;
  run0: Float64Array;
  escalation: Float64Array;
  genMonths: Int32Array;
  minCashMonths: Float64Array;
  roundSize: Float64Array;
  fundProb: Float64Array;
  fundGap: Int32Array;
  fundTrigger: Float64Array;
  lossHorizon: Int32Array;
  lossRecovery: Float64Array;
  exitAfterLoss: Int32Array;
  /** Region names (vendors' `region`, in order of first appearance) and each vendor's region index. */
  regions: string[];
  vendorRegion: Int32Array;

  // segments
  weight: Float64Array;
  alpha: Float64Array;
  beta: Float64Array;
  outsideUtility: Float64Array;
  /** Utility penalty of vendor v in segment s at [s*V + v]. */
  regionPenalty: Float64Array;

  // market
  tokens0: number;
  growth: number;
  /** Elasticity of demand per buyer to the segment's IV-based quality-adjusted price index. */
  elasticity: number;
  /** Utils per month added to the outside option. */
  outsideImprovement: number;
  inertia: number;
  outsideShare: number;
  spillover: number;
  demandNoise: number;

  uncertainty: Uncertainty[];
  /** One-off price changes: product j's list price × factor at the re-pricing of month t. */
  shocks: PriceShock[];
  /** Marginal cost (per token served) that makes the list prices the static Nash equilibrium (calibration.ts). */
  impliedCost: Float64Array;
  /** Counterfactual: every funding round sought closes. */
  fundingCertain: boolean;
  /** The calibration report (set by compileScenario). */
  calibration?: Calibration;
  /** True when preferences (alpha/beta) vary by run, so ξ is re-calibrated per run. */
  recalibrate: boolean;
}

export interface PriceShock {
  product: number;
  month: number;
  factor: number;
}
