/** POST /v1/embeddings through the routed upstreams (candidates whose provider has no embeddings are skipped). */
import { QuadrantError } from '../../errors.ts';
import { send } from '../../http/send.ts';
import { type Dec, moneyOutputString } from '../../pricing/money.ts';
import { embeddingsRequestSchema, parseWire } from '../../providers/shared/request-schemas.ts';
import type { EmbeddingsRequest, Usage } from '../../providers/types.ts';
import { spread } from '../../spread.ts';
import { usageMissing } from '../cost/estimate-usage.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import { jsonAttempt } from '../upstream/json-attempt.ts';
import { admitRequest, countPrompt, findRoute } from './admit-request.ts';
import { AttemptLog, costHeaders, finishUnsuccessful, type RequestScope } from './request-scope.ts';
import { type FinalResult, markRetryRefused, runAttempts } from './run-attempts.ts';

/** The input as texts to tokenise, or — for token arrays — the number of tokens given. */
function inputTexts(input: EmbeddingsRequest['input']): { texts: string[]; tokens: number } {
  if (typeof input === 'string') return { texts: [input], tokens: 0 };
  const texts: string[] = [];
  let tokens = 0;
  for (const item of input) {
    if (typeof item === 'string') texts.push(item);
    else tokens += typeof item === 'number' ? 1 : item.length;
  }
  return { texts, tokens };
}

export async function handleEmbeddings(ctx: GatewayContext, scope: RequestScope): Promise<void> {
  const body = parseWire(embeddingsRequestSchema, scope.body);
  const input = body.input;
  const route = findRoute(ctx, body.model);
  scope.routeId = route.id;
  // only a configured route id (never the raw client input) goes into a header
  scope.res.setHeader('x-quadrant-model', route.id);
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
  const capableRoute = { ...route, candidates: capable };
  const { texts, tokens: givenTokens } = inputTexts(input);
  const prompt = await countPrompt(ctx, capableRoute, { input: texts }, scope.bodyBytes);
  if (givenTokens > 0) for (const p of prompt.values()) p.tokens += givenTokens;
  const admitted = await admitRequest(ctx, {
    key: scope.key,
    route: capableRoute,
    prompt,
    requestedMaxTokens: 0,
    choices: 1,
    requestId: scope.requestId,
    endpoint: 'embeddings',
  });
  const log = new AttemptLog(ctx, scope, 'embeddings', false);
  const inputUsage = (c: ResolvedModel): Usage => ({
    inputTokens: admitted.promptTokens(c),
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
  });
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
          // no usage reported (Gemini batchEmbedContents never reports any): the gateway's own count is charged
          const estimated = usageMissing(result.usage);
          const usage = estimated ? inputUsage(c) : result.usage;
          const cost: Dec | null = ctx.priceBook.actualCost(c.catalogId, usage, currency, ctx.now());
          const response = result.response;
          if (estimated) {
            response.usage = {
              prompt_tokens: usage.inputTokens,
              total_tokens: usage.inputTokens,
              estimated: true,
            };
          }
          if (cost !== null) {
            response.usage = spread(response.usage ?? {}, { cost: moneyOutputString(cost), currency });
          }
          return { body: JSON.stringify(response), usage, cost, usageEstimated: estimated };
        },
        log.record,
        () => inputUsage(c),
      );
    });
  } finally {
    await log.commit(admitted);
  }
  markRetryRefused(scope.res, final);
  if (served && !scope.res.headersSent) {
    scope.res.setHeader('x-quadrant-model', served.modelId);
    scope.res.setHeader('x-quadrant-provider', served.provider.id);
  }
  if (final.kind === 'json') send(scope.res, 200, final.body, costHeaders(final.cost, currency));
  else finishUnsuccessful(scope, final, ctx.upstreamSecrets);
}
