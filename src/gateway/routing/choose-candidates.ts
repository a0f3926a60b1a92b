/**
 * Routing policies: given a route's candidates, the order in which to try them for THIS request.
 *   fixed       the one candidate
 *   fallback    candidates in the configured order
 *   loadbalance weighted random order (weights from the route or the models)
 *   cheapest    lowest estimated cost of this request among candidates meeting min_quality; candidates
 *               violating the live SLO go after the compliant ones
 *   fastest     lowest recent p95 time to first token (candidates without data first, to measure them)
 *   router      the candidate a trained router picks for this prompt first, the others after it as fallbacks
 * Ejected upstreams are left out; a quality floor is never relaxed.
 */
import type { Dec } from '../../pricing/money.ts';
import type { Slo, Strategy } from '../config/config-schema.ts';
import type { UpstreamStats } from '../sla/sla-tracker.ts';

export interface RouteCandidate {
  modelId: string;
  weight: number;
}

export interface RoutePolicy<C extends RouteCandidate = RouteCandidate> {
  strategy: Strategy;
  candidates: C[];
  minQuality?: number;
  slo?: Slo;
}

export interface RoutingSignals<C extends RouteCandidate> {
  isEjected(c: C): boolean;
  quality(c: C): number | null;
  estimateCost(c: C): Dec | null;
  stats(c: C): UpstreamStats;
  random(): number;
}

export interface RoutingDecision<C> {
  ordered: C[];
  excluded: Array<{ modelId: string; reason: 'ejected' | 'below_min_quality' }>;
}

/** Samples are needed before an SLO verdict is trusted. */
export const MIN_SLO_SAMPLES = 20;

export function meetsSlo(stats: UpstreamStats, slo: Slo | undefined): boolean {
  if (!slo || stats.samples < MIN_SLO_SAMPLES) return true;
  if (
    slo.p95_latency_ms !== undefined &&
    stats.latencyMs.p95 !== null &&
    stats.latencyMs.p95 > slo.p95_latency_ms
  ) {
    return false;
  }
  if (slo.p95_ttft_ms !== undefined && stats.ttftMs.p95 !== null && stats.ttftMs.p95 > slo.p95_ttft_ms)
    return false;
  if (slo.max_error_rate !== undefined && stats.errorRate !== null && stats.errorRate > slo.max_error_rate)
    return false;
  if (
    slo.min_availability !== undefined &&
    stats.availability !== null &&
    stats.availability < slo.min_availability
  ) {
    return false;
  }
  return true;
}

export function weightedOrder<C extends RouteCandidate>(candidates: C[], random: () => number): C[] {
  const pool = [...candidates];
  const out: C[] = [];
  while (pool.length > 0) {
    const total = pool.reduce((s, c) => s + c.weight, 0);
    let r = random() * total;
    let i = 0;
    while (i < pool.length - 1 && r >= pool[i].weight) {
      r -= pool[i].weight;
      i += 1;
    }
    out.push(pool.splice(i, 1)[0]);
  }
  return out;
}

export function chooseCandidates<C extends RouteCandidate>(
  policy: RoutePolicy<C>,
  signals: RoutingSignals<C>,
): RoutingDecision<C> {
  const excluded: RoutingDecision<C>['excluded'] = [];
  const usable = policy.candidates.filter((c) => {
    if (policy.minQuality !== undefined) {
      const q = signals.quality(c);
      if (q === null || q < policy.minQuality) {
        excluded.push({ modelId: c.modelId, reason: 'below_min_quality' });
        return false;
      }
    }
    if (signals.isEjected(c)) {
      excluded.push({ modelId: c.modelId, reason: 'ejected' });
      return false;
    }
    return true;
  });
  let ordered: C[];
  switch (policy.strategy) {
    case 'fixed':
    case 'fallback':
    case 'router': // the route's router put the chosen candidate first (admit-request.ts)
      ordered = usable;
      break;
    case 'loadbalance':
      ordered = weightedOrder(usable, signals.random);
      break;
    case 'cheapest': {
      const ranked = usable.map((c, i) => ({
        c,
        i,
        cost: signals.estimateCost(c),
        ok: meetsSlo(signals.stats(c), policy.slo),
      }));
      ranked.sort((a, b) => {
        if (a.ok !== b.ok) return a.ok ? -1 : 1;
        if (a.cost === null || b.cost === null)
          return a.cost === b.cost ? a.i - b.i : a.cost === null ? 1 : -1;
        return a.cost.cmp(b.cost) || a.i - b.i;
      });
      ordered = ranked.map((r) => r.c);
      break;
    }
    case 'fastest': {
      const ranked = usable.map((c, i) => {
        const s = signals.stats(c);
        return { c, i, ttft: s.ttftMs.p95 ?? s.latencyMs.p95, ok: meetsSlo(s, policy.slo) };
      });
      ranked.sort((a, b) => {
        if (a.ok !== b.ok) return a.ok ? -1 : 1;
        if (a.ttft === null || b.ttft === null)
          return a.ttft === b.ttft ? a.i - b.i : a.ttft === null ? -1 : 1;
        return a.ttft - b.ttft || a.i - b.i;
      });
      ordered = ranked.map((r) => r.c);
      break;
    }
  }
  return { ordered, excluded };
}
