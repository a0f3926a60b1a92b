/** POST /v1/embeddings through the routed upstreams (candidates whose provider has no embeddings are skipped). */
import { QuadrantError } from '../../errors.ts';
import { send } from '../../http/send.ts';
import { type Dec, decimalString } from '../../pricing/money.ts';
import { embeddingsRequestSchema, parseWire } from '../../providers/shared/request-schemas.ts';
import type { EmbeddingsRequest } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import { jsonAttempt } from '../upstream/json-attempt.ts';
import { admitRequest, findRoute } from './admit-request.ts';
import { AttemptLog, costHeaders, finishUnsuccessful, type RequestScope } from './request-scope.ts';
import { type FinalResult, runAttempts } from './run-attempts.ts';

/** Prompt tokens of an embeddings input: text counted with the model's tokenizer, token arrays as given. */
function inputTokens(ctx: GatewayContext, catalogId: string, input: EmbeddingsRequest['input']): number {
  if (typeof input === 'string') return ctx.priceBook.textTokens(catalogId, input);
  let tokens = 0;
  for (const item of input) {
    if (typeof item === 'string') tokens += ctx.priceBook.textTokens(catalogId, item);
    else if (typeof item === 'number') tokens += 1;
    else tokens += item.length;
  }
  return tokens;
}

export async function handleEmbeddings(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  const body = parseWire(embeddingsRequestSchema, scope.body);
  const input = body.input;
  const route = findRoute(ctx, body.model);
  scope.routeId = route.id;
  const capable = route.candidates.filter((c) => c.provider.adapter.buildEmbeddingsRequest);
  if (capable.length === 0) {
    throw new QuadrantError(
      'unsupported',
      `"${route.id}" has no candidate whose provider serves embeddings`,
      {
        param: 'model',
      },
    );
  }
  const admitted = admitRequest(ctx, {
    key: scope.key,
    route: { ...route, candidates: capable },
    countPrompt: (catalogId) => inputTokens(ctx, catalogId, input),
    requestedMaxTokens: 0,
  });
  const log = new AttemptLog(ctx, scope, 'embeddings', false);
  const currency = ctx.config.currency;
  const encodingFormat = body.encoding_format === 'base64' ? 'base64' : 'float';
  let final: FinalResult;
  let served: ResolvedModel | undefined;
  try {
    final = await runAttempts(ctx, admitted.ordered, scope.abort.signal, (c) => {
      served = c;
      const adapter = c.provider.adapter;
      const upstream = adapter.buildEmbeddingsRequest!(body, c.target);
      return jsonAttempt(
        ctx,
        c,
        upstream,
        scope.abort.signal,
        (text) => {
          const result = adapter.parseEmbeddingsResponse!(text, { clientModel: body.model, encodingFormat });
          const cost: Dec | null = ctx.priceBook.actualCost(c.catalogId, result.usage, currency, ctx.now());
          const response = result.response as { usage?: Record<string, unknown> };
          if (response.usage && cost !== null) {
            response.usage = { ...response.usage, cost: decimalString(cost), currency };
          }
          return { body: JSON.stringify(response), usage: result.usage, cost };
        },
        log.record,
        () => ({
          inputTokens: admitted.promptTokens(c),
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: 0,
          reasoningTokens: 0,
        }),
      );
    });
  } finally {
    await log.commit(admitted);
  }
  if (served && !scope.res.headersSent) {
    scope.res.setHeader('x-quadrant-model', served.modelId);
    scope.res.setHeader('x-quadrant-provider', served.provider.id);
  }
  if (final.kind === 'json') send(scope.res, 200, final.body, costHeaders(final.cost, currency));
  else finishUnsuccessful(scope, final);
}
