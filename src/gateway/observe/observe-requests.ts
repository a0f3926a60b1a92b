/**
 * The middleware that tells the request observers (access log, tracer) about every API request once it
 * ended — success, upstream error, client abort, budget refusal or a 4xx — with its RequestSummary. It runs
 * outermost, so it also sees the errors the errorResponse() middleware answered.
 */
import type { Middleware } from '../../http/middleware.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { RequestScope } from '../handlers/request-scope.ts';
import { summarizeRequest } from './summarize-request.ts';

export function observeRequests(ctx: GatewayContext): Middleware<RequestScope> {
  return async (c, next) => {
    const startedAt = ctx.now();
    const t0 = performance.now();
    try {
      await next();
    } finally {
      const summary = summarizeRequest(c, startedAt, performance.now() - t0, ctx.config.currency);
      for (const o of ctx.observers) {
        try {
          o.requestEnded(summary);
        } catch (err) {
          ctx.log(`request observer failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
  };
}
