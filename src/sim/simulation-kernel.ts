/**
 * One Monte Carlo run of the price war, month by month, on preallocated typed arrays (no per-step
 * allocation, plain floats). Each month:
 *   1. serving costs fall;  2. vendors re-price by strategy (strategies.ts);
 *   3. vendors that can afford it train (escalating runs), quality grows with log R&D + spillover;
 *   4. each segment chooses by logit (the outside option improving by `outside_improvement_per_month`); a share
 *      `inertia` of every vendor's users stays put, the rest (and all users of exited vendors) re-choose;
 *   5. each segment's demand grows and responds to its quality-adjusted price index read off the inclusive
 *      value: × exp(ε ΔIV / (α P̄₀)) — buyers switching models at unchanged prices do not grow the market;
 *   6. revenue, serving cost, fixed cost and training hit cash; funding rounds; cash < 0, or sustained operating
 *      losses with a runway below the funding trigger → exit.
 * Common random numbers: every month draws the same uniforms (one funding draw per vendor, one demand shock)
 * whatever happens, so a counterfactual with the same seed faces the same luck.
 */

import { regionShare } from './best-response.ts';
import { calibrateXi, createXiWorkspace, type XiWorkspace } from './calibrate-xi.ts';
import { impliedCosts } from './calibration.ts';
import * as compiled from './effective-prices.ts';
import * as logit from './logit-shares.ts';
import type { Rng } from './prng.ts';
import type { RawSeries } from './raw-series.ts';
import { recordMonth } from './record-month.ts';
import type { SimModel } from './sim-model.ts';
import type { StrategyState } from './strategies.ts';
import * as strategies from './strategies.ts';
import { createRunDraws, drawRun, type RunDraws } from './uncertainty.ts';

/** Floor of a segment's starting average price in the demand index (USD per 1M; all-free segments). */
const MIN_AVERAGE_PRICE = 1e-3;
// Module-local bindings: hot loops call these millions of times (no per-call live-binding lookups).
const { baseUtilities, freeFraction, initialEffectivePrices } = compiled;
const { logitShares } = logit;
const { applyStrategies } = strategies;

export class SimulationKernel implements StrategyState {
  readonly m: SimModel;
  readonly draws: RunDraws;
  // products
  readonly price: Float64Array;
  readonly prevPrice: Float64Array;
  readonly quality: Float64Array;
  readonly cost: Float64Array;
  readonly freeCap: Float64Array;
  readonly effPrice: Float64Array;
  readonly tokens: Float64Array;
  readonly spill: Float64Array;
  readonly active: Uint8Array;
  readonly xi: Float64Array;
  readonly lossMonths: Int32Array;
  readonly subsidyLeft: Float64Array;
  readonly impliedCost: Float64Array;
  // vendors
  readonly lossStreak: Int32Array;
  readonly regionShare0: Float64Array;
  readonly alive: Uint8Array;
  readonly cash: Float64Array;
  readonly rdCum: Float64Array;
  readonly trained: Uint8Array;
  readonly trainSpend: Float64Array;
  readonly lastRound: Int32Array;
  readonly rdMult: Float64Array;
  readonly revenue: Float64Array;
  readonly vendorTokens: Float64Array;
  // segments
  readonly util: Float64Array;
  readonly logit: Float64Array;
  readonly state: Float64Array;
  readonly state0: Float64Array;
  private readonly logit0: Float64Array;
  /** Inclusive value per segment this month (for consumer surplus and demand). */
  readonly iv: Float64Array;
  private readonly ivStart: Float64Array;
  /** Per segment: price elasticity / (α × the segment's average price paid at the start), per util of IV. */
  private readonly ivSemiElasticity: Float64Array;
  /** Potential demand per segment this month (trillions of tokens if everyone bought). */
  readonly segDemand: Float64Array;
  private readonly segDemand0: Float64Array;
  private readonly netFlow: Float64Array;
  private readonly base: Float64Array;
  private readonly target: Float64Array;
  private readonly xiWs: XiWorkspace;
  private readonly initialEff: Float64Array;
  private demandShock = 0;
  month = 0;

  constructor(m: SimModel) {
    this.m = m;
    const { J, V, S } = m;
    this.draws = createRunDraws(m);
    this.price = new Float64Array(J);
    this.prevPrice = new Float64Array(J);
    this.quality = new Float64Array(J);
    this.cost = new Float64Array(J);
    this.freeCap = new Float64Array(J);
    this.effPrice = new Float64Array(J);
    this.tokens = new Float64Array(J);
    this.spill = new Float64Array(J);
    this.active = new Uint8Array(J);
    this.xi = new Float64Array(J);
    this.lossMonths = new Int32Array(J);
    this.subsidyLeft = new Float64Array(J);
    this.impliedCost = new Float64Array(J);
    this.lossStreak = new Int32Array(V);
    this.regionShare0 = new Float64Array(V);
    this.alive = new Uint8Array(V);
    this.cash = new Float64Array(V);
    this.rdCum = new Float64Array(V);
    this.trained = new Uint8Array(V);
    this.trainSpend = new Float64Array(V);
    this.lastRound = new Int32Array(V);
    this.rdMult = new Float64Array(V);
    this.revenue = new Float64Array(V);
    this.vendorTokens = new Float64Array(V);
    this.util = new Float64Array(S * J);
    this.logit = new Float64Array(S * J);
    this.state = new Float64Array(S * J);
    this.state0 = new Float64Array(S);
    this.logit0 = new Float64Array(S);
    this.iv = new Float64Array(S);
    this.ivStart = new Float64Array(S);
    this.ivSemiElasticity = new Float64Array(S);
    this.segDemand0 = Float64Array.from(m.weight, (w) => (w * m.tokens0) / (1 - m.outsideShare));
    this.segDemand = new Float64Array(S);
    this.netFlow = new Float64Array(V);
    this.base = new Float64Array(S * J);
    this.target = Float64Array.from(m.initialShare, (s) => s * (1 - m.outsideShare));
    this.xiWs = createXiWorkspace(J, S);
    this.initialEff = initialEffectivePrices(m);
  }

  get effPrice0(): Float64Array {
    return this.initialEff;
  }

  /** Runs one path into `out` at run index `r`. */
  run(r: number, rng: Rng, out: RawSeries): void {
    const m = this.m;
    drawRun(m, rng, this.draws);
    this.reset();
    recordMonth(this, r, 0, out);
    for (let t = 1; t <= m.months; t++) {
      this.month = t;
      this.step(rng);
      recordMonth(this, r, t, out);
    }
  }

  private reset(): void {
    const m = this.m;
    const d = this.draws;
    this.price.set(m.price0);
    this.quality.set(m.quality0);
    this.cost.set(m.cost0);
    this.freeCap.set(m.freeCap0);
    this.effPrice.set(this.initialEff);
    this.spill.fill(0);
    this.active.fill(1);
    this.alive.fill(1);
    this.cash.set(m.cash0);
    this.rdCum.fill(0);
    this.lastRound.fill(-1_000_000);
    this.revenue.fill(0);
    this.lossMonths.fill(0);
    this.subsidyLeft.fill(1);
    this.lossStreak.fill(0);
    this.segDemand.set(this.segDemand0);
    this.demandShock = 0;
    this.month = 0;
    for (let v = 0; v < m.V; v++) this.rdMult[v] = 1;
    for (let j = 0; j < m.J; j++) {
      const v = m.productVendor[j];
      if (m.strategyRdBoost[j] > this.rdMult[v]) this.rdMult[v] = m.strategyRdBoost[j];
    }
    if (m.recalibrate && (d.alphaScale !== 1 || d.betaScale !== 1)) {
      baseUtilities(m, d.alphaScale, d.betaScale, m.quality0, this.initialEff, this.base);
      this.xi.set(m.xi);
      calibrateXi(
        {
          J: m.J,
          S: m.S,
          weight: m.weight,
          outsideUtility: m.outsideUtility,
          baseUtility: this.base,
          target: this.target,
        },
        this.xi,
        this.xiWs,
      );
      // the list prices stay the static equilibrium under this run's preferences
      if (!impliedCosts(m, this.impliedCost, d.alphaScale, d.betaScale, this.xi))
        this.impliedCost.set(m.impliedCost);
    } else {
      this.xi.set(m.xi);
      this.impliedCost.set(m.impliedCost);
    }
    // the starting state: each segment's logit choice at the calibrated ξ
    this.choose();
    this.state.set(this.logit);
    this.ivStart.set(this.iv);
    for (let s = 0; s < m.S; s++) {
      let paid = 0;
      let inside = 0;
      for (let j = 0; j < m.J; j++) {
        paid += this.logit[s * m.J + j] * this.effPrice[j];
        inside += this.logit[s * m.J + j];
      }
      const avg = Math.max(MIN_AVERAGE_PRICE, inside > 0 ? paid / inside : 0);
      this.ivSemiElasticity[s] = d.elasticity / (m.alpha[s] * d.alphaScale * avg);
    }
    for (let j = 0; j < m.J; j++) this.tokens[j] = m.tokens0 * m.initialShare[j];
    for (let v = 0; v < m.V; v++) this.vendorTokens[v] = 0;
    for (let j = 0; j < m.J; j++) this.vendorTokens[m.productVendor[j]] += this.tokens[j];
    for (let v = 0; v < m.V; v++) this.regionShare0[v] = regionShare(this, v);
  }

  /** Logit shares per segment at current prices and qualities into `logit` (outside share, inclusive value). */
  private choose(): void {
    const m = this.m;
    const d = this.draws;
    const J = m.J;
    baseUtilities(m, d.alphaScale, d.betaScale, this.quality, this.effPrice, this.util);
    const outsideGain = m.outsideImprovement * this.month;
    for (let s = 0; s < m.S; s++) {
      const at = s * J;
      for (let j = 0; j < J; j++) this.util[at + j] += this.xi[j];
      const c = logitShares(this.util, m.outsideUtility[s] + outsideGain, this.active, J, this.logit, at);
      this.logit0[s] = c.outside;
      this.iv[s] = c.inclusiveValue;
      if (this.month === 0) this.state0[s] = c.outside;
    }
  }

  private step(rng: Rng): void {
    const m = this.m;
    const d = this.draws;
    const { J, V, S } = m;
    const t = this.month;
    // 1. serving costs fall
    for (let j = 0; j < J; j++) this.cost[j] *= 1 - d.costDecline[j];
    // 2. prices
    applyStrategies(this);
    // 3. training and quality
    let frontier = 0;
    for (let j = 0; j < J; j++) if (this.active[j] && this.quality[j] > frontier) frontier = this.quality[j];
    for (let v = 0; v < V; v++) {
      this.trained[v] = 0;
      this.trainSpend[v] = 0;
      if (!this.alive[v] || m.run0[v] <= 0) continue;
      const gen = Math.floor((t - 1) / m.genMonths[v]);
      const monthly = ((m.run0[v] * d.escalation[v] ** gen) / m.genMonths[v]) * this.rdMult[v];
      if (this.cash[v] >= m.minCashMonths[v] * (m.fixedCost[v] + monthly)) {
        this.trained[v] = 1;
        this.trainSpend[v] = monthly;
        this.rdCum[v] += monthly;
      }
    }
    for (let j = 0; j < J; j++) {
      if (!this.active[j]) continue;
      const v = m.productVendor[j];
      if (!this.trained[v]) continue;
      const gap = frontier - this.quality[j];
      if (gap > 0) this.spill[j] += m.spillover * gap;
      this.quality[j] =
        m.quality0[j] +
        m.qualityPerDecade[j] * d.qualityProgress[v] * Math.log10(1 + this.rdCum[v] / m.run0[v]) +
        this.spill[j];
    }
    // 4. choice with switching inertia
    for (let j = 0; j < J; j++) {
      this.effPrice[j] = this.price[j] * (1 - freeFraction(this.freeCap[j], this.tokens[j]));
    }
    this.choose();
    const lambda = m.inertia;
    for (let s = 0; s < S; s++) {
      const at = s * J;
      let stay = lambda * this.state0[s];
      for (let j = 0; j < J; j++) {
        if (this.active[j]) stay += lambda * this.state[at + j];
        else this.state[at + j] = 0;
      }
      const move = 1 - stay;
      this.state0[s] = lambda * this.state0[s] + move * this.logit0[s];
      for (let j = 0; j < J; j++) {
        this.state[at + j] = this.active[j] ? lambda * this.state[at + j] + move * this.logit[at + j] : 0;
      }
    }
    // 5. market size per segment: growth × exp(ε ΔIV / (α P̄₀)) × demand shock (always drawn: shared luck)
    this.demandShock += m.demandNoise * rng.normal();
    const trend = (1 + d.growth) ** t * Math.exp(this.demandShock);
    for (let s = 0; s < S; s++) {
      this.segDemand[s] =
        this.segDemand0[s] * trend * Math.exp(this.ivSemiElasticity[s] * (this.iv[s] - this.ivStart[s]));
    }
    for (let j = 0; j < J; j++) {
      let tok = 0;
      for (let s = 0; s < S; s++) tok += this.segDemand[s] * this.state[s * J + j];
      this.tokens[j] = tok;
    }
    // 6. money
    for (let v = 0; v < V; v++) {
      this.revenue[v] = 0;
      this.vendorTokens[v] = 0;
    }
    const net = this.netFlow; // revenue − serving − training (fixed costs and other income below)
    for (let v = 0; v < V; v++) net[v] = -this.trainSpend[v];
    for (let j = 0; j < J; j++) {
      const tok = this.tokens[j];
      if (!this.active[j]) continue;
      const v = m.productVendor[j];
      const paid = tok * (1 - freeFraction(this.freeCap[j], tok));
      const rev = paid * this.price[j];
      this.revenue[v] += rev;
      this.vendorTokens[v] += tok;
      net[v] += rev - tok * this.cost[j];
      this.lossMonths[j] = this.price[j] < this.cost[j] ? this.lossMonths[j] + 1 : 0;
    }
    for (let v = 0; v < V; v++) {
      const luck = rng.next(); // drawn for every vendor every month (common random numbers)
      if (!this.alive[v]) continue;
      const flow = net[v] - m.fixedCost[v] + m.otherIncome[v];
      this.cash[v] += flow;
      this.lossStreak[v] = flow + this.trainSpend[v] < 0 ? this.lossStreak[v] + 1 : 0;
      const runway = flow < 0 ? this.cash[v] / -flow : Number.POSITIVE_INFINITY;
      if (
        runway < m.fundTrigger[v] &&
        t - this.lastRound[v] >= m.fundGap[v] &&
        (luck < d.fundProb[v] || m.fundingCertain)
      ) {
        this.cash[v] += m.roundSize[v];
        this.lastRound[v] = t;
      }
      const hopeless =
        this.lossStreak[v] >= m.exitAfterLoss[v] && this.cash[v] / Math.max(1e-9, -flow) < m.fundTrigger[v];
      if (this.cash[v] < 0 || hopeless) this.exit(v);
    }
  }

  private exit(v: number): void {
    const m = this.m;
    this.alive[v] = 0;
    this.cash[v] = 0;
    for (let j = 0; j < m.J; j++) if (m.productVendor[j] === v) this.active[j] = 0;
  }
}
