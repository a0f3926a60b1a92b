/**
 * Admission, shared by chat completions and embeddings: who is calling (key), which route, rate limits,
 * routing order, and the budget reservation of the worst-case cost. Throws OpenAI-shaped QuadrantErrors.
 */
import type { IncomingMessage } from 'node:http';
import { QuadrantError, suggestClosest } from '../../errors.ts';
import type { Dec } from '../../pricing/money.ts';
import type { ChatPromptLike } from '../../tokenize/index.ts';
import type { Reservation } from '../budget/budget-store.ts';
import type { CountedPrompt } from '../cost/prompt-tokens.ts';
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
  /** The output limit per completion reserved for (and forwarded to) candidate `c`. */
  maxOutputTokens(c: ResolvedModel): number;
  /** Completions asked for (`n`). */
  choices: number;
  reservation: Reservation | null;
  tpmEstimate: number;
  /** For router routes: the `x-quadrant-route-score` header (choice, predicted success, score, threshold). */
  routeScore?: string;
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

/** A client-given name as it may appear in a message: JSON-quoted (control characters escaped), at most 64 chars. */
export function quoteName(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
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
      'model_not_found',
      `unknown model ${quoteName(model)}: no providers are configured (set a provider key such as OPENAI_API_KEY or pass --config)`,
      { param: 'model' },
    );
  }
  const hint = model.length <= 256 ? suggestClosest(model, known) : [];
  throw new QuadrantError(
    'model_not_found',
    `unknown model or route ${quoteName(model)}${hint.length ? `; did you mean ${hint.join(', ')}?` : ` (known: ${known.slice(0, 8).join(', ')})`}`,
    { param: 'model', detail: { suggestions: hint } },
  );
}

/**
 * Counts the prompt with every candidate's tokenizer (bounded work: see cost/prompt-tokens.ts). Runs before
 * admission, which then makes one atomic budget reservation (in the ledger's group commit).
 */
export async function countPrompt(
  ctx: GatewayContext,
  route: ResolvedRoute,
  prompt: ChatPromptLike,
  sizeBytes: number,
): Promise<Map<string, CountedPrompt>> {
  return ctx.prompts.count(
    route.candidates.map((c) => c.catalogId),
    prompt,
    sizeBytes,
  );
}

export async function admitRequest(
  ctx: GatewayContext,
  input: {
    key: KeyRecord | null;
    route: ResolvedRoute;
    /** Prompt tokens per catalog model (countPrompt). */
    prompt: Map<string, CountedPrompt>;
    /** The output limit the client set (forwarded as is), or undefined. */
    requestedMaxTokens: number | undefined;
    /** Completions asked for (`n`): the output limit applies to each. */
    choices: number;
    /** What a `router` route reads to choose (the last user message); read only for such routes. */
    routingText?: () => string;
    requestId: string;
    endpoint: 'chat' | 'embeddings';
  },
): Promise<AdmittedRequest> {
  const { key, route } = input;
  if (key?.routes && !key.routes.includes(route.id)) {
    throw new QuadrantError('route_not_allowed', `key "${key.name}" may not use "${route.id}"`, {
      param: 'model',
    });
  }
  const promptTokens = (c: ResolvedModel): number => input.prompt.get(c.catalogId)?.tokens ?? 0;
  // the limit the gateway forwards (and reserves): the client's, else the model's maximum output
  const maxOutputTokens = (c: ResolvedModel): number =>
    input.requestedMaxTokens ?? ctx.priceBook.maxOutputTokens(c.catalogId) ?? ctx.config.default_max_tokens;
  const rankingOutputTokens = (input.requestedMaxTokens ?? ctx.config.default_max_tokens) * input.choices;

  let tpmEstimate = 0;
  if (key && (key.rpm || key.tpm)) {
    tpmEstimate = key.tpm
      ? promptTokens(route.candidates[0]) + (input.requestedMaxTokens ?? 0) * input.choices
      : 0;
    const admission = ctx.limiter.admit(key.id, key, tpmEstimate);
    // the in-memory limiter answers synchronously: no await (and no turn of the event loop) on that path
    const verdict = admission instanceof Promise ? await admission : admission;
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
  // a router route puts the candidate its router picks for this prompt first
  const routed = route.router?.choose(input.routingText?.() ?? '');
  const policy = routed ? { ...route, candidates: routed.order.map((i) => route.candidates[i]) } : route;
  const decision = chooseCandidates(policy, {
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
        maxOutputTokens(c) * input.choices,
        budget.currency,
        now,
      );
      if (!worst || cost.gt(worst)) worst = cost;
    }
    const first = decision.ordered[0];
    try {
      // SQLite: committed in the ledger's group commit of this tick; PostgreSQL: one conditional UPDATE
      reservation = await ctx.ledger.reserve(key.id, budget, worst!, now, {
        requestId: input.requestId,
        keyName: key.name,
        route: route.id,
        model: first.modelId,
        provider: first.provider.id,
        endpoint: input.endpoint,
      });
    } catch (err) {
      if (!(err instanceof QuadrantError) || err.code !== 'store_unavailable') throw err;
      ctx.storeFailures.report(
        'postgres',
        `request ${input.requestId} of key "${key.name}": no budget reservation`,
        err,
      );
      if (ctx.storeFailures.mode === 'closed') throw err;
    }
  }
  return {
    key,
    route,
    ordered: decision.ordered,
    promptTokens,
    maxOutputTokens,
    choices: input.choices,
    reservation,
    tpmEstimate,
    routeScore: routed?.header,
  };
}
