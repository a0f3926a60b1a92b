/**
 * POST /v1/responses (OpenAI Responses API): translated to the canonical chat request, routed, budgeted and
 * ledgered like chat, answered as a Responses `response` or its typed SSE events. Stateless, except that the
 * output items of recent responses are remembered for `item_reference`s (see response-item-cache.ts).
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { QuadrantError } from '../../errors.ts';
import { sendError } from '../../http/send.ts';
import { responsesToChatRequest } from '../../inbound/responses/responses-request.ts';
import { chatCompletionToResponse, type ResponseFrame } from '../../inbound/responses/responses-response.ts';
import { ResponsesStreamEncoder } from '../../inbound/responses/responses-stream-encoder.ts';
import type { JsonObject } from '../../providers/shared/json.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { serveChat } from './chat-completions.ts';
import type { RequestScope } from './request-scope.ts';
import { ResponseItemCache } from './response-item-cache.ts';

const caches = new WeakMap<GatewayContext, ResponseItemCache>();

function cacheOf(ctx: GatewayContext): ResponseItemCache {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new ResponseItemCache();
    caches.set(ctx, cache);
  }
  return cache;
}

export async function handleResponses(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  const cache = cacheOf(ctx);
  const owner = scope.key?.id !== undefined ? String(scope.key.id) : '-';
  const chat = responsesToChatRequest(scope.body, (id) => cache.get(owner, id));
  const frame: ResponseFrame = {
    id: `resp_${scope.requestId.replace(/^req_/, '')}`,
    createdAt: Math.floor(ctx.now() / 1000),
    model: chat.model,
    request: scope.body,
  };
  await serveChat(ctx, scope, chat, chat.max_completion_tokens ?? undefined, 1, {
    name: 'responses',
    encodeJson: (completion) => {
      const response = chatCompletionToResponse(completion, frame);
      cache.remember(owner, response.output);
      return response;
    },
    streamEncoder: () => {
      const encoder = new ResponsesStreamEncoder(frame);
      return {
        push: (text) => encoder.push(text),
        end: () => encoder.end(),
      };
    },
    sendError: (res: ServerResponse, err: QuadrantError) => sendError(res, err),
  });
}

export type { JsonObject };
