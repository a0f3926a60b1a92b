/** POST /v1/chat/completions: JSON and SSE streaming through the routed upstreams, with exact cost. */
import { send } from '../../http/send.ts';
import { type Dec, decimalString } from '../../pricing/money.ts';
import { chatRequestSchema, parseWire } from '../../providers/shared/request-schemas.ts';
import type { StreamOptions, Usage } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import { jsonAttempt } from '../upstream/json-attempt.ts';
import { streamAttempt } from '../upstream/stream-attempt.ts';
import { type AdmittedRequest, admitRequest, findRoute } from './admit-request.ts';
import { AttemptLog, costHeaders, finishUnsuccessful, type RequestScope } from './request-scope.ts';
import { type FinalResult, runAttempts } from './run-attempts.ts';

export async function handleChatCompletions(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  const { res, requestId, abort } = scope;
  const chat = parseWire(chatRequestSchema, scope.body);
  const maxTokens = chat.max_completion_tokens ?? chat.max_tokens ?? undefined;
  const route = findRoute(ctx, chat.model);
  scope.routeId = route.id;
  const stream = chat.stream === true;
  const includeUsage = stream && chat.stream_options?.include_usage === true;
  const admitted: AdmittedRequest = admitRequest(ctx, {
    key: scope.key,
    route,
    countPrompt: (catalogId) => ctx.priceBook.chatPromptTokens(catalogId, chat.messages, chat.tools),
    requestedMaxTokens: maxTokens,
  });
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
      return cost === null ? { cost: null, currency } : { cost: decimalString(cost), currency };
    },
  });

  let final: FinalResult;
  let served: ResolvedModel | undefined;
  try {
    final = await runAttempts(ctx, admitted.ordered, abort.signal, (c) => {
      served = c;
      // A budget reserved the worst case for maxOutputTokens(c): cap the call to it when the client set no limit,
      // so the actual cost cannot outgrow the reservation.
      const sent =
        admitted.reservation && maxTokens === undefined
          ? { ...chat, max_completion_tokens: admitted.maxOutputTokens(c) }
          : chat;
      const upstream = c.provider.adapter.buildChatRequest(sent, c.target);
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
        });
      }
      return jsonAttempt(
        ctx,
        c,
        upstream,
        abort.signal,
        (text) => {
          // the cost is computed once: where the usage is decorated, else (no usage object) from the usage
          let priced: Dec | null | undefined;
          const result = c.provider.adapter.parseChatResponse(
            text,
            streamOptions(c, (x) => (priced = x)),
          );
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
  if (served && !res.headersSent) {
    res.setHeader('x-quadrant-model', served.modelId);
    res.setHeader('x-quadrant-provider', served.provider.id);
  }
  if (final.kind === 'json') {
    send(res, 200, final.body, costHeaders(final.cost, currency));
  } else if (final.kind === 'streamed') {
    res.end(final.tail);
  } else {
    finishUnsuccessful(scope, final);
  }
}
