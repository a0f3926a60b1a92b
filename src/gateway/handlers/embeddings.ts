/** POST /v1/embeddings through the routed upstreams (candidates whose provider has no embeddings are skipped). */
import { QuadrantError } from '../../errors.ts';
import { type Dec, moneyOutputString } from '../../pricing/money.ts';
import type { EmbeddingsRequest } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import { jsonAttempt } from '../upstream/json-attempt.ts';
import { admitRequest, findRoute } from './admit-request.ts';
import { AttemptLog, costHeaders, finishUnsuccessful, type RequestScope, sendJson } from './request-scope.ts';
import { type FinalResult, runAttempts } from './run-attempts.ts';

function inputText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (Array.isArray(input)) {
    if (input.every((x) => typeof x === 'string')) return input.join('\n');
    // token arrays: one "character" per token is close enough for estimates
    return 'x'.repeat(input.flat().length);
  }
  return '';
}

export async function handleEmbeddings(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  const body = scope.body as EmbeddingsRequest;
  const input = body.input;
  const validInput =
    typeof input === 'string' ||
    (Array.isArray(input) &&
      input.length > 0 &&
      (input.every((x) => typeof x === 'string') ||
        input.every((x) => typeof x === 'number') ||
        input.every((x) => Array.isArray(x) && x.every((y) => typeof y === 'number'))));
  if (!validInput) {
    throw new QuadrantError(
      'invalid_request',
      '"input" must be a string, an array of strings or of token arrays',
      {
        param: 'input',
      },
    );
  }
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
    promptText: () => inputText(input),
    messageCount: 0,
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
            response.usage = { ...response.usage, cost: moneyOutputString(cost), currency };
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
  if (final.kind === 'json') sendJson(scope.res, 200, final.body, costHeaders(final.cost, currency));
  else finishUnsuccessful(scope, final);
}
