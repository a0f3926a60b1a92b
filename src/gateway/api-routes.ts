/**
 * The gateway API's routing table and its middleware. To add an endpoint: a handler in handlers/ taking
 * (ctx, scope), and one line below (`post` for a metered, authenticated JSON call; `get` for a read).
 */
import { subtle } from 'node:crypto';
import { jsonBodiesOnly } from '../http/browser-guard.ts';
import { auth, body, errorResponse, type Handler, type Middleware, route } from '../http/middleware.ts';
import type { Route } from '../http/router.ts';
import { send } from '../http/send.ts';
import type { GatewayContext } from './gateway-context.ts';
import { authenticate } from './handlers/admit-request.ts';
import { handleChatCompletions } from './handlers/chat-completions.ts';
import { handleEmbeddings } from './handlers/embeddings.ts';
import { handleFeedback } from './handlers/feedback.ts';
import { listModelsBody, modelBody } from './handlers/list-models.ts';
import { handleCountTokens, handleMessages, sendAnthropicError } from './handlers/messages.ts';
import { type RequestScope, toRequestScope } from './handlers/request-scope.ts';
import { handleResponses } from './handlers/responses.ts';
import { IDEMPOTENCY_HEADER, idempotent } from './idempotency/idempotent.ts';
import { requestReport } from './ledger/request-report.ts';
import { observeRequests } from './observe/observe-requests.ts';
import { slaReport } from './operations.ts';

/** sha256 in hex, computed on libuv's thread pool (a body can be 32 MiB). */
async function sha256Hex(raw: Buffer): Promise<string> {
  return Buffer.from(await subtle.digest('SHA-256', raw as Uint8Array<ArrayBuffer>)).toString('hex');
}

/** Errors of the Anthropic-inbound routes, in Anthropic's shape. */
const anthropicErrors = errorResponse((c, err) => {
  const id = c.res.getHeader('x-request-id');
  sendAnthropicError(c.res, err, typeof id === 'string' ? id : '');
});

type Endpoint = 'chat' | 'embeddings' | 'feedback';

/** Request count and duration per endpoint and route (Prometheus), whatever the outcome. */
function metered(ctx: GatewayContext, endpoint: Endpoint): Middleware<RequestScope> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      ctx.metrics.request(endpoint, c.routeId, c.res.statusCode, (performance.now() - started) / 1000);
    }
  };
}

/** Registers the call's AbortController (aborted when the client goes away) for the drain on shutdown. */
function inFlight(calls: Set<AbortController>): Middleware<RequestScope> {
  return async (c, next) => {
    calls.add(c.abort);
    c.res.on('close', () => {
      if (!c.res.writableFinished) c.abort.abort('client_closed');
    });
    try {
      await next();
    } finally {
      calls.delete(c.abort);
    }
  };
}

/** `x-quadrant-model` / `x-quadrant-provider` are on every API response ('-' until known). */
export const apiHeaders: Middleware = (c, next) => {
  if (c.path.startsWith('/v1/')) {
    c.res.setHeader('x-quadrant-model', '-');
    c.res.setHeader('x-quadrant-provider', '-');
  }
  return next();
};

export function gatewayRoutes(ctx: GatewayContext, calls: Set<AbortController>): Route[] {
  const authenticated = auth((c: RequestScope) => authenticate(ctx, c.req));
  // the access log and tracer (outermost: they see every outcome, also the errors answered inside)
  const observed: Middleware<RequestScope>[] = ctx.observers.length > 0 ? [observeRequests(ctx)] : [];
  // a retried paid call with the same Idempotency-Key gets the stored result (idempotency/idempotent.ts)
  const once = idempotent(ctx.idempotency, ctx.config.limits.upstream_body_limit_bytes, ctx.log);
  const post = (
    endpoint: Endpoint,
    handler: (ctx: GatewayContext, scope: RequestScope) => Promise<void>,
    errors = errorResponse(),
    paid = true,
  ) =>
    route(
      toRequestScope,
      [
        ...observed,
        metered(ctx, endpoint),
        inFlight(calls),
        errors,
        jsonBodiesOnly(),
        authenticated,
        body(ctx.config.body_limit_bytes, async (raw, c) => {
          if (paid && c.req.headers[IDEMPOTENCY_HEADER] !== undefined) c.bodyDigest = await sha256Hex(raw);
          return ctx.bodies.parse(raw);
        }),
        ...(paid ? [once] : []),
      ],
      (c) => handler(ctx, c),
    );
  const get = (handler: Handler<RequestScope>, withAuth = true) =>
    route(
      toRequestScope,
      withAuth ? [...observed, errorResponse(), authenticated] : [errorResponse()],
      handler,
    );

  return [
    { method: 'POST', path: '/v1/chat/completions', handler: post('chat', handleChatCompletions) },
    { method: 'POST', path: '/v1/embeddings', handler: post('embeddings', handleEmbeddings) },
    {
      method: 'POST',
      path: '/v1/quadrant/feedback',
      handler: post('feedback', handleFeedback, errorResponse(), false),
    },
    { method: 'POST', path: '/v1/responses', handler: post('chat', handleResponses) },
    { method: 'POST', path: '/v1/messages', handler: post('chat', handleMessages, anthropicErrors) },
    {
      method: 'POST',
      path: '/v1/messages/count_tokens',
      handler: post('chat', handleCountTokens, anthropicErrors, false),
    },
    {
      method: 'GET',
      path: '/v1/models/{id}',
      handler: get((c) => send(c.res, 200, modelBody(ctx, c.params.id ?? '', c.key?.routes ?? null))),
    },
    {
      method: 'GET',
      path: '/v1/quadrant/requests/{id}',
      handler: get(async (c) => {
        const id = c.params.id ?? '';
        const rows = await ctx.ledgerReads.requestRows(id);
        send(c.res, 200, requestReport(rows, id, c.key ? String(c.key.id) : null));
      }),
    },
    {
      method: 'GET',
      path: '/v1/models',
      handler: get((c) => send(c.res, 200, listModelsBody(ctx, c.key?.routes ?? null))),
    },
    {
      method: 'GET',
      path: '/v1/quadrant/sla',
      handler: get(async (c) => send(c.res, 200, await slaReport(ctx)), false),
      admin: true,
    },
    { method: 'GET', path: '/healthz', handler: get((c) => send(c.res, 200, { status: 'ok' }), false) },
    {
      method: 'GET',
      path: '/metrics',
      handler: get(async (c) => {
        const text = await ctx.metrics.text();
        send(c.res, 200, text, { 'content-type': ctx.metrics.contentType });
      }, false),
      // spend and budgets per key name: operations data, like /api/operations
      admin: true,
    },
  ];
}
