/**
 * `POST /v1/quadrant/feedback {request_id, score}` — a quality label (0..1) for a request's answer, stored
 * on its successful ledger row (`quality_score`) for `quadrant router train --from-ledger`. Only the key that
 * made the request may label it: any other caller gets the same 404 as for an unknown id.
 */
import { QuadrantError } from '../../errors.ts';
import { send } from '../../http/send.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { RequestScope } from './request-scope.ts';

export async function handleFeedback(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  const { request_id: requestId, score } = scope.body as { request_id?: unknown; score?: unknown };
  if (typeof requestId !== 'string' || requestId === '' || requestId.length > 200) {
    throw new QuadrantError('invalid_request', '"request_id" must be the x-request-id of a request', {
      param: 'request_id',
    });
  }
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
    throw new QuadrantError('invalid_request', '"score" must be a number from 0 (bad) to 1 (good)', {
      param: 'score',
    });
  }
  const owner = await ctx.ledgerReads.requestOwner(requestId);
  if (!owner || owner.keyId !== (scope.key?.id ?? null)) {
    throw new QuadrantError('not_found', `no request "${requestId}" made with this key`, {
      param: 'request_id',
    });
  }
  const labeled = await ctx.ledgerReads.label(requestId, score);
  if (labeled === 0) {
    throw new QuadrantError('invalid_request', `request "${requestId}" has no successful answer to label`, {
      param: 'request_id',
    });
  }
  send(scope.res, 200, { request_id: requestId, score, labeled });
}
