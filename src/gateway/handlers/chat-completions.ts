/** POST /v1/chat/completions: JSON and SSE streaming through the routed upstreams, with exact cost. */
import { QuadrantError } from '../../errors.ts';
import { send, sseErrorFrame } from '../../http/send.ts';
import { type Dec, moneyOutputString } from '../../pricing/money.ts';
import type { JsonObject } from '../../providers/shared/json.ts';
import { checkParameters } from '../../providers/shared/parameter-table.ts';
import { chatRequestSchema, isPlainChatRequest, parseWire } from '../../providers/shared/request-schemas.ts';
import { toOpenAIUsage } from '../../providers/shared/usage.ts';
import type { ChatRequest, StreamOptions, Usage } from '../../providers/types.ts';
import { routingText } from '../../router/target-share.ts';
import { spread } from '../../spread.ts';
import { completionTexts, estimateUsage as countUsage, usageMissing } from '../cost/estimate-usage.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { recordRoutedPrompt } from '../ledger/routed-prompts.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import { jsonAttempt } from '../upstream/json-attempt.ts';
import { redactUpstreamText } from '../upstream/redact.ts';
import { streamAttempt } from '../upstream/stream-attempt.ts';
import { type AdmittedRequest, admitRequest, countPrompt, findRoute } from './admit-request.ts';
import type { InboundProtocol } from './inbound-protocol.ts';
import { AttemptLog, costHeaders, finishUnsuccessful, type RequestScope } from './request-scope.ts';
import { type FinalResult, markRetryRefused, runAttempts } from './run-attempts.ts';

/**
 * The request's output limit (one of max_completion_tokens / max_tokens, or both equal) and completions (`n`),
 * after the wire schema checked their types.
 */
export function outputLimits(chat: ChatRequest): { maxTokens: number | undefined; choices: number } {
  const completionLimit = chat.max_completion_tokens ?? undefined;
  const legacyLimit = chat.max_tokens ?? undefined;
  if (completionLimit !== undefined && legacyLimit !== undefined && completionLimit !== legacyLimit) {
    throw new QuadrantError(
      'invalid_request',
      `"max_tokens" (${legacyLimit}) and "max_completion_tokens" (${completionLimit}) differ; send one of them`,
      { param: 'max_tokens' },
    );
  }
  const choices = chat.n ?? 1;
  if (choices > MAX_CHOICES) {
    throw new QuadrantError('invalid_request', `"n" must be at most ${MAX_CHOICES}`, { param: 'n' });
  }
  return { maxTokens: completionLimit ?? legacyLimit, choices };
}

/** The most completions one request may ask for (OpenAI's own limit). */
const MAX_CHOICES = 128;

/**
 * The request as forwarded: the output limit in exactly one field (`max_completion_tokens`, which every
 * adapter maps to the field its provider honours) and equal to the limit reserved; the other field removed,
 * so a provider can never see two divergent limits.
 */
export function withOutputLimit(chat: ChatRequest, limit: number | undefined): ChatRequest {
  const { max_tokens: _legacy, max_completion_tokens: _current, ...rest } = chat;
  return limit === undefined ? rest : spread(rest, { max_completion_tokens: limit });
}

export async function handleChatCompletions(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  const chat = parseWire(chatRequestSchema, scope.body, isPlainChatRequest);
  const { maxTokens, choices } = outputLimits(chat);
  await serveChat(ctx, scope, chat, maxTokens, choices);
}

/**
 * Routes, admits (budget, limits), attempts and ledgers one canonical chat request, and answers it in the
 * client's protocol (Chat Completions when `protocol` is undefined; see inbound-protocol.ts).
 */
export async function serveChat(
  ctx: GatewayContext,
  scope: RequestScope,
  chat: ChatRequest,
  maxTokens: number | undefined,
  choices: number,
  protocol?: InboundProtocol,
): Promise<void> {
  const { res, requestId, abort } = scope;
  const route = findRoute(ctx, chat.model);
  scope.routeId = route.id;
  // only a configured route id (never the raw client input) goes into a header
  scope.res.setHeader('x-quadrant-model', route.id);
  const stream = chat.stream === true;
  const includeUsage = stream && chat.stream_options?.include_usage === true;
  const prompt = await countPrompt(
    ctx,
    route,
    { messages: chat.messages, tools: chat.tools },
    scope.bodyBytes,
  );
  let lastUserText: string | undefined;
  const admitted: AdmittedRequest = await admitRequest(ctx, {
    key: scope.key,
    route,
    prompt,
    requestedMaxTokens: maxTokens,
    choices,
    routingText: () => (lastUserText ??= routingText(chat.messages)),
    requestId: scope.requestId,
    endpoint: 'chat',
  });
  if (admitted.routeScore) {
    res.setHeader('x-quadrant-route-score', admitted.routeScore);
    // kept for `quadrant router train --from-ledger` once the client labels the answer
    recordRoutedPrompt(ctx.store.db, {
      requestId,
      ts: ctx.now(),
      keyId: scope.key?.id ?? null,
      route: route.id,
      prompt: lastUserText ?? routingText(chat.messages),
    });
  }
  const log = new AttemptLog(ctx, scope, 'chat', stream);
  const currency = ctx.config.currency;
  const created = Math.floor(ctx.now() / 1000);
  const estimateUsage = (c: ResolvedModel, outputTokens: number): Usage => ({
    inputTokens: admitted.promptTokens(c),
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens,
    reasoningTokens: 0,
  });
  const streamOptions = (c: ResolvedModel, onCost: (cost: Dec | null) => void): StreamOptions => ({
    clientModel: chat.model,
    includeUsage,
    id: `chatcmpl-${requestId}`,
    created,
    decorateUsage: (usage) => {
      const cost = ctx.priceBook.actualCost(c.catalogId, usage, currency, ctx.now());
      onCost(cost);
      return cost === null ? { cost: null, currency } : { cost: moneyOutputString(cost), currency };
    },
  });

  const encoder = stream && protocol ? protocol.streamEncoder() : undefined;
  let final: FinalResult;
  let served: ResolvedModel | undefined;
  try {
    final = await runAttempts(ctx, admitted.ordered, abort.signal, (c) => {
      served = c;
      // the limit forwarded is the one reserved: the client's, or (under a budget) the reservation's
      const sent = withOutputLimit(
        chat,
        maxTokens !== undefined || admitted.reservation ? admitted.maxOutputTokens(c) : undefined,
      );
      // what the provider cannot receive is refused (400 unsupported_parameter) or, with drop_params, dropped
      const checked = checkParameters(c.provider.adapter.parameters, sent, {
        dropParams: ctx.config.drop_params,
      });
      if (checked.dropped.length > 0 && !res.headersSent)
        res.setHeader('x-quadrant-dropped-params', checked.dropped.join(', '));
      const upstream = c.provider.adapter.buildChatRequest(checked.request, c.target);
      if (stream) {
        return streamAttempt(ctx, {
          candidate: c,
          upstream,
          options: (priced) => streamOptions(c, priced),
          signal: abort.signal,
          res,
          commit: (sc) =>
            res.writeHead(200, {
              'content-type': 'text/event-stream; charset=utf-8',
              'cache-control': 'no-cache',
              'x-quadrant-model': sc.modelId,
              'x-quadrant-provider': sc.provider.id,
            }),
          record: log.record,
          estimateUsage: (out) => estimateUsage(c, out),
          encode: encoder ? (text) => encoder.push(text) : undefined,
        });
      }
      return jsonAttempt(
        ctx,
        c,
        upstream,
        abort.signal,
        async (text) => {
          // the cost is computed once: where the usage is decorated, else from the usage
          let priced: Dec | null | undefined;
          const result = c.provider.adapter.parseChatResponse(
            text,
            streamOptions(c, (x) => (priced = x)),
          );
          if (usageMissing(result.usage)) {
            // no usage (or zero prompt tokens): counted by the gateway, charged, and marked estimated
            const usage = await countUsage(
              ctx,
              c,
              admitted.promptTokens(c),
              completionTexts(result.completion),
            );
            const cost = ctx.priceBook.actualCost(c.catalogId, usage, currency, ctx.now());
            result.completion.usage = toOpenAIUsage(usage, () => ({
              ...(cost === null ? { cost: null } : { cost: moneyOutputString(cost) }),
              currency,
              estimated: true,
            }));
            return { body: JSON.stringify(result.completion), usage, cost, usageEstimated: true };
          }
          const cost =
            priced !== undefined
              ? priced
              : ctx.priceBook.actualCost(c.catalogId, result.usage, currency, ctx.now());
          return { body: JSON.stringify(result.completion), usage: result.usage, cost };
        },
        log.record,
        () => estimateUsage(c, 0),
      );
    });
  } finally {
    // the ledger and the budget settle on every path (also on a bug above): durable before the response ends
    await log.commit(admitted);
  }
  markRetryRefused(res, final);
  if (served && !res.headersSent) {
    res.setHeader('x-quadrant-model', served.modelId);
    res.setHeader('x-quadrant-provider', served.provider.id);
  }
  if (final.kind === 'json' && final.upstreamRequestId && !res.headersSent)
    res.setHeader('x-upstream-request-id', final.upstreamRequestId);
  if (!protocol) {
    if (final.kind === 'json') send(res, 200, final.body, costHeaders(final.cost, currency));
    else if (final.kind === 'streamed') res.end(final.tail);
    else finishUnsuccessful(scope, final, ctx.upstreamSecrets);
    return;
  }
  if (final.kind === 'json') {
    const body = protocol.encodeJson(JSON.parse(final.body) as JsonObject);
    send(res, 200, body, costHeaders(final.cost, currency));
  } else if (final.kind === 'streamed' && encoder) {
    res.end(encoder.push(final.tail) + encoder.end());
  } else if (final.kind === 'aborted' || final.kind === 'failed') {
    const err =
      final.kind === 'failed'
        ? final.error.redacted((text) => redactUpstreamText(text, ctx.upstreamSecrets))
        : abort.signal.reason === 'shutting_down'
          ? new QuadrantError('shutting_down', 'the gateway is shutting down; retry on another instance')
          : undefined;
    if (res.headersSent) res.end(err && encoder ? encoder.push(sseErrorFrame(err)) : '');
    else if (err) protocol.sendError(res, err, requestId);
    else if (!res.writableEnded) res.end();
  }
}
