/**
 * POST /v1/messages and /v1/messages/count_tokens (Anthropic Messages API inbound): translated to the
 * canonical chat request, routed to any provider, answered as an Anthropic `message` or its exact event
 * sequence; errors in Anthropic's shape. Auth: `x-api-key` or Bearer with a Quadrant key.
 * @module
 */
import type { ServerResponse } from 'node:http';
import { QuadrantError } from '../../errors.ts';
import { toQuadrantError } from '../../http/send.ts';
import { messagesToChatRequest } from '../../inbound/messages/messages-request.ts';
import {
  anthropicErrorBody,
  chatCompletionToMessage,
  messageId,
} from '../../inbound/messages/messages-response.ts';
import { MessagesStreamEncoder } from '../../inbound/messages/messages-stream-encoder.ts';
import type { ChatRequest } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { countPrompt, findRoute } from './admit-request.ts';
import { serveChat } from './chat-completions.ts';
import type { RequestScope } from './request-scope.ts';

/** Writes an error in Anthropic's shape (`request-id` header too, which the Anthropic SDK reads). */
export function sendAnthropicError(res: ServerResponse, err: unknown, requestId: string): void {
  const q = toQuadrantError(err);
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const retryAfter = q.detail?.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
  const text = JSON.stringify(anthropicErrorBody(q, requestId));
  res.writeHead(q.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': requestId,
  });
  res.end(text);
}

/** POST /v1/messages (errors are answered in Anthropic's shape by the route's errorResponse middleware). */
export async function handleMessages(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  scope.res.setHeader('request-id', scope.requestId);
  await serveMessages(ctx, scope);
}

async function serveMessages(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  const chat = messagesToChatRequest(scope.body);
  const id = messageId(scope.requestId);
  const route = findRoute(ctx, chat.model);
  const inputTokens = await promptTokens(ctx, scope, chat.messages, chat.tools ?? undefined, route);
  await serveChat(ctx, scope, chat, chat.max_completion_tokens ?? undefined, 1, {
    name: 'messages',
    encodeJson: (completion) => chatCompletionToMessage(completion, id, chat.model),
    streamEncoder: () => new MessagesStreamEncoder({ id, model: chat.model, inputTokens }),
    sendError: (res, err, requestId) => sendAnthropicError(res, err, requestId),
  });
}

/** POST /v1/messages/count_tokens → {"input_tokens": N}, counted with the routed model's tokenizer. */
export async function handleCountTokens(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  scope.res.setHeader('request-id', scope.requestId);
  await countTokens(ctx, scope);
}

async function countTokens(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  const chat = messagesToChatRequest(scope.body, { countOnly: true });
  const route = findRoute(ctx, chat.model);
  scope.routeId = route.id;
  const count = await promptTokens(ctx, scope, chat.messages, chat.tools ?? undefined, route);
  const text = JSON.stringify({ input_tokens: count });
  scope.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  scope.res.end(text);
}

/** Prompt tokens as the first candidate's tokenizer counts them (per-family chat overhead included). */
async function promptTokens(
  ctx: GatewayContext,
  scope: RequestScope,
  messages: ChatRequest['messages'],
  tools: unknown[] | undefined,
  route: ReturnType<typeof findRoute>,
): Promise<number> {
  const first = route.candidates[0];
  if (!first) throw new QuadrantError('unknown_route', `route '${route.id}' has no candidates`);
  const counted = await countPrompt(ctx, route, { messages, tools }, scope.bodyBytes);
  return counted.get(first.catalogId)?.tokens ?? 0;
}
