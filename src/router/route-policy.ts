/**
 * A gateway route with `strategy: router`: candidates cheapest first, a router.json, and either a fixed
 * `threshold` or a `target_strong_share` (see target-share.ts). For each request it picks the candidate
 * (route-decision.ts) and orders the others after it in the configured order, so a failing choice falls
 * back like any other strategy. Route candidates are matched to the router's models by name, or by
 * position when the names differ (the route's ids are gateway model ids, the router's are the data's).
 */
import { QuadrantError } from '../errors.ts';
import { CandidateRouter } from './route-decision.ts';
import type { TrainedRouter } from './router-file.ts';
import { TargetShareThreshold } from './target-share.ts';

export interface RouterRouteSettings {
  routeId: string;
  candidates: readonly string[];
  threshold?: number;
  targetStrongShare?: number;
}

export interface RoutedOrder {
  /** Candidate indexes: the chosen one first, then the others in the configured order. */
  order: number[];
  /** `x-quadrant-route-score`: the chosen candidate, its predicted success, the pair score, the threshold. */
  header: string;
}

export class RouterRoutePolicy {
  private readonly decider: CandidateRouter;
  private readonly target: TargetShareThreshold | null;
  private readonly threshold: number;

  constructor(
    router: TrainedRouter,
    private readonly settings: RouterRouteSettings,
  ) {
    const known = router.model.models;
    const { candidates, routeId } = settings;
    let names: string[];
    if (candidates.every((c) => known.includes(c))) names = [...candidates];
    else if (candidates.length === known.length) names = [...known];
    else {
      throw new QuadrantError(
        'invalid_config',
        `route "${routeId}": its candidates (${candidates.join(', ')}) are neither the router's models (${known.join(', ')}) nor as many of them, in order`,
      );
    }
    this.decider = new CandidateRouter(router.model, names);
    this.threshold = settings.threshold ?? 0;
    this.target =
      settings.targetStrongShare === undefined
        ? null
        : new TargetShareThreshold({ target: settings.targetStrongShare, start: settings.threshold });
  }

  choose(text: string): RoutedOrder {
    const target = this.target;
    const d = this.decider.decide(text, target ? (score) => target.observe(score) : this.threshold);
    const order = [d.choice, ...this.settings.candidates.map((_, i) => i).filter((i) => i !== d.choice)];
    const header = `${this.settings.candidates[d.choice]}; p=${d.success[d.choice].toFixed(3)}; score=${d.score.toFixed(3)}; threshold=${d.threshold.toFixed(3)}`;
    return { order, header };
  }
}
