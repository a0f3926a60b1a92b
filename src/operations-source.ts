/**
 * The operations contract between the gateway (which provides the data: ledger, budgets, SLA) and the
 * dashboard's Operations page and API (which show it). Neither imports the other; both import this module.
 * Money is exact decimal strings throughout.
 */

export type ReportGroup = 'key' | 'model' | 'provider' | 'route';

export interface Percentiles {
  p50: number | null;
  p95: number | null;
}

/** Spend, tokens, calls, errors and latency of one group (key, model, provider or route) from the ledger. */
export interface SpendReportRow {
  group: string;
  calls: number;
  errors: number;
  errorRate: number;
  /** Currency → exact decimal string. */
  spend: Record<string, string>;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  latencyMs: Percentiles;
  ttftMs: Percentiles;
}

export interface DailySpend {
  /** YYYY-MM-DD (UTC). */
  day: string;
  group: string;
  currency: string;
  /** Exact decimal string. */
  spend: string;
  calls: number;
}

export interface BudgetUse {
  key: string;
  period: string;
  period_start: string;
  amount: string;
  spent: string;
  reserved: string;
  currency: string;
}

/** A failed, partial or aborted upstream attempt from the ledger. */
export interface RecentError {
  requestId: string;
  ts: number;
  key: string | null;
  route: string | null;
  model: string;
  provider: string;
  status: number;
  outcome: string;
  errorCode: string | null;
}

/** An upstream's live statistics over the SLA window. */
export interface UpstreamStats {
  provider: string;
  model: string;
  samples: number;
  errorRate: number | null;
  availability: number | null;
  latencyMs: Percentiles & { p99: number | null };
  ttftMs: Percentiles & { p99: number | null };
  outputTokensPerSecond: { p50: number | null };
}

export interface SloTargets {
  p95_latency_ms?: number;
  p95_ttft_ms?: number;
  max_error_rate?: number;
  min_availability?: number;
}

/** GET /v1/quadrant/sla: every upstream's statistics and each route's candidates against its SLO. */
export interface SlaReport {
  window_ms: number;
  generated_at: string;
  upstreams: Array<UpstreamStats & { ejected: boolean; ejected_until: string | null }>;
  routes: Array<{
    route: string;
    strategy: string;
    slo: SloTargets | null;
    candidates: Array<{
      model: string;
      provider: string;
      samples: number;
      verdict: 'no_slo' | 'insufficient_data' | 'violated' | 'met';
      violations: string[];
    }>;
  }>;
}

/** Provided by the gateway for the Operations page. */
export interface OperationsSource {
  sla(): Promise<SlaReport>;
  /** Spend and calls grouped, from the ledger; `since` as `quadrant report --since`. */
  report(options: { since?: string; by: ReportGroup }): Promise<SpendReportRow[]>;
  budgets(): Promise<BudgetUse[]>;
  /** The latest failed attempts, newest first. */
  recentErrors(limit: number): Promise<RecentError[]>;
  /** Spend per UTC day over the last `days` days. */
  dailySpend(options: { days: number; by: 'key' | 'model' | 'provider' }): Promise<DailySpend[]>;
}
