/**
 * Admission, shared by chat completions and embeddings: who is calling (key), which route, rate limits,
 * routing order, and the budget reservation of the worst-case cost. Throws OpenAI-shaped QuadrantErrors.
 */
import type { IncomingMessage } from 'node:http';
import { QuadrantError, suggestClosest } from '../../errors.ts';
import type { Dec } from '../../pricing/money.ts';
import type { Reservation } from '../budget/budget-store.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { KeyRecord } from '../keys/key-store.ts';
import type { ResolvedModel, ResolvedRoute } from '../resolve-gateway.ts';
import { chooseCandidates } from '../routing/choose-candidates.ts';

export interface AdmittedRequest {
  key: KeyRecord | null;
  route: ResolvedRoute;
  ordered: ResolvedModel[];
  /** Prompt tokens counted with a candidate's tokenizer (cached per catalog model). */
  promptTokens(c: ResolvedModel): number;
  /** max output tokens used for worst-case estimates. */
  maxOutputTokens(c: ResolvedModel): number;
  reservation: Reservation | null;
  tpmEstimate: number;
}

export function authenticate(ctx: GatewayContext, req: IncomingMessage): KeyRecord | null {
  if (!ctx.keys.authRequired()) return null;
  const header = req.headers.authorization;
  const apiKeyHeader = req.headers['x-api-key'];
  let secret: string | undefined;
  if (typeof header === 'string' && header.length > 7 && header.slice(0, 7).toLowerCase() === 'bearer ') {
    secret = header.slice(7).trim();
  } else if (typeof apiKeyHeader === 'string') secret = apiKeyHeader.trim();
  if (!secret) {
    throw new QuadrantError('missing_api_key', 'missing API key: send "Authorization: Bearer <key>"');
  }
  const key = ctx.keys.authenticate(secret);
  if (!key) throw new QuadrantError('invalid_api_key', 'invalid API key (unknown or revoked)');
  return key;
}

export function findRoute(ctx: GatewayContext, model: unknown): ResolvedRoute {
  if (typeof model !== 'string' || model.length === 0) {
    throw new QuadrantError('invalid_request', '"model" is required: a route id or a model id', {
      param: 'model',
    });
  }
  const route = ctx.resolved.routes.get(model);
  if (route) return route;
  const known = [...ctx.resolved.routes.keys()];
  if (known.length === 0) {
    throw new QuadrantError(
      'unknown_model',
      `unknown model "${model}": no providers are configured (set a provider key such as OPENAI_API_KEY or pass --config)`,
      { param: 'model' },
    );
  }
  const hint = suggestClosest(model, known);
  throw new QuadrantError(
    'unknown_model',
    `unknown model or route "${model}"${hint.length ? `; did you mean ${hint.join(', ')}?` : ` (known: ${known.slice(0, 8).join(', ')})`}`,
    { param: 'model', detail: { suggestions: hint } },
  );
}

export function admitRequest(
  ctx: GatewayContext,
  input: {
    key: KeyRecord | null;
    route: ResolvedRoute;
    /** Prompt tokens with a catalog model's tokenizer (PriceBook.chatPromptTokens / textTokens). */
    countPrompt: (catalogId: string) => number;
    requestedMaxTokens: number | undefined;
  },
): AdmittedRequest {
  const { key, route } = input;
  if (key?.routes && !key.routes.includes(route.id)) {
    throw new QuadrantError('route_not_allowed', `key "${key.name}" may not use "${route.id}"`, {
      param: 'model',
    });
  }
  const counted = new Map<string, number>();
  const promptTokens = (c: ResolvedModel): number => {
    let n = counted.get(c.catalogId);
    if (n === undefined) {
      n = input.countPrompt(c.catalogId);
      counted.set(c.catalogId, n);
    }
    return n;
  };
  const maxOutputTokens = (c: ResolvedModel): number =>
    input.requestedMaxTokens ?? ctx.priceBook.maxOutputTokens(c.catalogId) ?? ctx.config.default_max_tokens;
  const rankingOutputTokens = input.requestedMaxTokens ?? ctx.config.default_max_tokens;

  let tpmEstimate = 0;
  if (key && (key.rpm || key.tpm)) {
    tpmEstimate = key.tpm ? promptTokens(route.candidates[0]) + (input.requestedMaxTokens ?? 0) : 0;
    const verdict = ctx.limiter.admit(key.id, key, tpmEstimate);
    if (!verdict.ok) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      throw new QuadrantError(
        'rate_limit_exceeded',
        `rate limit of key "${key.name}" exceeded (${verdict.limit === 'rpm' ? `${key.rpm} requests` : `${key.tpm} tokens`} per minute); retry in ${seconds}s`,
        { detail: { retryAfterSeconds: seconds } },
      );
    }
  }

  const now = ctx.now();
  const currency = ctx.config.currency;
  const decision = chooseCandidates(route, {
    isEjected: (c) => ctx.outliers.isEjected(c.healthKey),
    quality: (c) => ctx.priceBook.quality(c.catalogId),
    estimateCost: (c) =>
      ctx.priceBook.estimateCost(c.catalogId, promptTokens(c), rankingOutputTokens, currency, now),
    stats: (c) => ctx.sla.stats(c.provider.id, c.modelId),
    random: ctx.random,
  });
  if (decision.ordered.length === 0) {
    const ejected = decision.excluded.filter((e) => e.reason === 'ejected');
    if (ejected.length > 0 && ejected.length === decision.excluded.length) {
      const until = Math.min(
        ...route.candidates.map((c) => ctx.outliers.ejectedUntil(c.healthKey) || Infinity),
      );
      const seconds = Math.max(1, Math.ceil((until - now) / 1000));
      throw new QuadrantError(
        'no_healthy_upstream',
        `no healthy upstream for "${route.id}": ${ejected.map((e) => e.modelId).join(', ')} ejected after repeated failures; retry in ${seconds}s`,
        { detail: { retryAfterSeconds: seconds } },
      );
    }
    throw new QuadrantError(
      'no_healthy_upstream',
      `no candidate of "${route.id}" meets min_quality ${route.minQuality}`,
    );
  }

  let reservation: Reservation | null = null;
  if (key?.budget) {
    const budget = key.budget;
    let worst: Dec | undefined;
    for (const c of decision.ordered) {
      const cost = ctx.priceBook.worstCaseCost(
        c.catalogId,
        promptTokens(c),
        maxOutputTokens(c),
        budget.currency,
        now,
      );
      if (!worst || cost.gt(worst)) worst = cost;
    }
    reservation = ctx.budgets.reserveBudget(key.id, budget, worst!, now);
  }
  return { key, route, ordered: decision.ordered, promptTokens, maxOutputTokens, reservation, tpmEstimate };
}
