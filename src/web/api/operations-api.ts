/**
 * GET /api/operations → what the gateway knows (spend by key/model/provider for several windows, budget use,
 * SLA against each route's SLO, recent errors), or {available:false} when no gateway data is wired in.
 */
import type { ServerResponse } from 'node:http';
import { NO_STORE, send } from '../../http/send.ts';
import type { OperationsSource } from '../../operations-source.ts';
import type { WebContext } from '../page.ts';

export const SPEND_WINDOWS = [
  { since: '1h', label: 'last hour' },
  { since: '24h', label: 'last 24 hours' },
  { since: '7d', label: 'last 7 days' },
  { since: undefined, label: 'all time' },
] as const;

export function operationsSnapshot(ops: OperationsSource) {
  const spend = (by: 'key' | 'model' | 'provider') =>
    SPEND_WINDOWS.map((w) => ({ window: w.label, rows: ops.report({ since: w.since, by }) }));
  return {
    available: true,
    spend: { key: spend('key'), model: spend('model'), provider: spend('provider') },
    budgets: ops.budgets(),
    sla: ops.sla(),
    recent_errors: ops.recentErrors(20),
  };
}

export function serveOperationsApi(ctx: WebContext, res: ServerResponse): void {
  send(res, 200, ctx.operations ? operationsSnapshot(ctx.operations) : { available: false }, NO_STORE);
}
