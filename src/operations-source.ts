/**
 * The operations contract between the gateway (which provides the data: ledger, budgets, SLA) and the
 * dashboard's Operations page (which shows it). Neither imports the other; both import this module.
 */

/** Provided by the gateway for the Operations page. All money as decimal strings. */
export interface OperationsSource {
  /** GET /v1/quadrant/sla body. */
  sla(): unknown;
  /** Spend and calls grouped, from the ledger. */
  report(options: { since?: string; by: 'key' | 'model' | 'provider' | 'route' }): unknown;
  /** Budget use per key: [{ key, period, amount, spent, reserved, currency }]. */
  budgets(): unknown;
  /** Recent failed attempts from the ledger. */
  recentErrors(limit: number): unknown;
  /** Spend per UTC day over the last `days` days: [{ day, group, currency, spend, calls }]. */
  dailySpend?(options: { days: number; by: 'key' | 'model' | 'provider' }): DailySpend[];
}

export interface DailySpend {
  day: string;
  group: string;
  currency: string;
  /** Exact decimal string. */
  spend: string;
  calls: number;
}
