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

export async function operationsSnapshot(ops: OperationsSource) {
  const spend = (by: 'key' | 'model' | 'provider') =>
    Promise.all(
      SPEND_WINDOWS.map(async (w) => ({ window: w.label, rows: await ops.report({ since: w.since, by }) })),
    );
  const [key, model, provider, budgets, sla, recentErrors] = await Promise.all([
    spend('key'),
    spend('model'),
    spend('provider'),
    ops.budgets(),
    ops.sla(),
    ops.recentErrors(20),
  ]);
  return {
    available: true,
    spend: { key, model, provider },
    budgets,
    sla,
    recent_errors: recentErrors,
  };
}

export async function serveOperationsApi(ctx: WebContext, res: ServerResponse): Promise<void> {
  send(res, 200, ctx.operations ? await operationsSnapshot(ctx.operations) : { available: false }, NO_STORE);
}
