/**
 * The gateway's operations view: SLA vs SLO per route (GET /v1/quadrant/sla), ledger reports, budget use and
 * recent errors. Also the `OperationsSource` the dashboard's Operations page reads.
 */
import type { BudgetUse, OperationsSource, SlaReport } from '../operations-source.ts';
import { decimalString, moneyOutputString } from '../pricing/money.ts';
import type { Slo } from './config/config-schema.ts';
import type { GatewayContext } from './gateway-context.ts';
import { parseSince, type ReportGroup } from './ledger/ledger-report.ts';
import { MIN_SLO_SAMPLES } from './routing/choose-candidates.ts';
import type { UpstreamStats } from './sla/sla-tracker.ts';

export function sloViolations(stats: UpstreamStats, slo: Slo): string[] {
  const v: string[] = [];
  if (
    slo.p95_latency_ms !== undefined &&
    stats.latencyMs.p95 !== null &&
    stats.latencyMs.p95 > slo.p95_latency_ms
  ) {
    v.push(`p95 latency ${Math.round(stats.latencyMs.p95)} ms > ${slo.p95_latency_ms} ms`);
  }
  if (slo.p95_ttft_ms !== undefined && stats.ttftMs.p95 !== null && stats.ttftMs.p95 > slo.p95_ttft_ms) {
    v.push(`p95 TTFT ${Math.round(stats.ttftMs.p95)} ms > ${slo.p95_ttft_ms} ms`);
  }
  if (slo.max_error_rate !== undefined && stats.errorRate !== null && stats.errorRate > slo.max_error_rate) {
    v.push(`error rate ${stats.errorRate.toFixed(4)} > ${slo.max_error_rate}`);
  }
  if (
    slo.min_availability !== undefined &&
    stats.availability !== null &&
    stats.availability < slo.min_availability
  ) {
    v.push(`availability ${stats.availability.toFixed(4)} < ${slo.min_availability}`);
  }
  return v;
}

export async function slaReport(ctx: GatewayContext): Promise<SlaReport> {
  const sla = ctx.sharedSla ? await ctx.sharedSla.merged() : ctx.sla;
  const ejections = new Map(ctx.outliers.snapshot().map((s) => [s.upstream, s]));
  const upstreams = [...ctx.resolved.models.values()].map((m) => {
    const e = ejections.get(m.healthKey);
    return {
      ...sla.stats(m.provider.id, m.modelId),
      ejected: e?.ejected ?? false,
      ejected_until: e?.ejectedUntil ? new Date(e.ejectedUntil).toISOString() : null,
    };
  });
  const routes = [...ctx.resolved.routes.values()]
    .filter((r) => r.explicit)
    .map((r) => ({
      route: r.id,
      strategy: r.strategy,
      slo: r.slo ?? null,
      candidates: r.candidates.map((c) => {
        const stats = sla.stats(c.provider.id, c.modelId);
        const violations = r.slo ? sloViolations(stats, r.slo) : [];
        const verdict: SlaReport['routes'][number]['candidates'][number]['verdict'] = !r.slo
          ? 'no_slo'
          : stats.samples < MIN_SLO_SAMPLES
            ? 'insufficient_data'
            : violations.length
              ? 'violated'
              : 'met';
        return { model: c.modelId, provider: c.provider.id, samples: stats.samples, verdict, violations };
      }),
    }));
  return {
    window_ms: ctx.config.sla_window_ms,
    generated_at: new Date(ctx.now()).toISOString(),
    upstreams,
    routes,
  };
}

export function budgetsReport(ctx: GatewayContext): Promise<BudgetUse[]> {
  const now = ctx.now();
  const budgeted = ctx.keys.listKeys().filter((k) => k.budget);
  return Promise.all(
    budgeted.map(async (k) => {
      const u = await ctx.budgets.readUsage(k.id, k.budget!, now);
      return {
        key: k.name,
        period: k.budget!.period,
        period_start: u.periodStart,
        amount: decimalString(k.budget!.amount),
        spent: moneyOutputString(u.spent),
        reserved: moneyOutputString(u.reserved),
        currency: k.budget!.currency,
      };
    }),
  );
}

export function createOperationsSource(ctx: GatewayContext): OperationsSource {
  return {
    sla: () => slaReport(ctx),
    report: (o: { since?: string; by: ReportGroup }) =>
      ctx.ledgerReads.report({ by: o.by, sinceMs: parseSince(o.since, ctx.now()) }),
    budgets: () => budgetsReport(ctx),
    recentErrors: (limit: number) => ctx.ledgerReads.recentErrors(limit),
    dailySpend: ({ days, by }) => {
      const today = Math.floor(ctx.now() / 86_400_000) * 86_400_000;
      return ctx.ledgerReads.dailySpend({ sinceMs: today - (days - 1) * 86_400_000, by });
    },
  };
}
