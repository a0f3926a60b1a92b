/** The calibration, backtest and counterfactual digests `quadrant simulate` prints after its table. */
import { pct } from './simulation-report.ts';
import type { SimulationRun } from './simulation-run.ts';

const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

/** The calibration, backtest and counterfactual digests printed after the main table. */
export function runExtrasText(run: SimulationRun): string {
  const lines: string[] = [];
  const cal = run.result.model.calibration;
  if (cal) {
    lines.push(
      `Calibration ${cal.date}: list prices reproduced by the static Nash equilibrium to max |ln error| ${cal.max_abs_log_error.toExponential(1)}.`,
      `  Loss leaders (implied cost below serving cost; subsidy $/1M): ${
        cal.products
          .filter((p) => p.loss_leader)
          .map((p) => `${p.model} ${p.subsidy_per_1m.toPrecision(2)}`)
          .join(', ') || 'none'
      }`,
    );
  }
  const b = run.backtest;
  if (b) {
    lines.push(
      `Backtest ${b.from} … ${b.to} against the catalog (${b.products.length} models): median |ln error| ${b.median_abs_log_error?.toFixed(3) ?? 'n/a'}, direction of ${b.moves} real price moves right ${b.direction_hits === null ? 'n/a' : pct(b.direction_hits)}.`,
    );
  }
  const cf = run.counterfactual;
  if (cf) {
    lines.push(
      'No-war counterfactual (every vendor holds its starting price; same seeds) — survival, and the exit probability split (Shapley, points) into the war, funding and fixed costs:',
    );
    for (const v of cf.decomposition.vendors) {
      lines.push(
        `  ${v.vendor.padEnd(12)} ${pct(v.survival)} vs ${pct(v.survival_no_war)} without the war; exits ${pct(v.exit_probability)} = war ${signed(v.war)}, funding ${signed(v.funding)}, fixed costs ${signed(v.fixed_costs)}, other ${signed(v.other)}`,
      );
    }
    const h = cf.decomposition.hhi_end;
    lines.push(
      `  HHI at the end ${h.scenario.toFixed(0)} vs ${cf.hhi_end.no_war.toFixed(0)} without the war (start ${h.start.toFixed(0)}); split: war ${h.war.toFixed(0)}, funding ${h.funding.toFixed(0)}, fixed costs ${h.fixed_costs.toFixed(0)}`,
    );
  }
  return lines.join('\n');
}
