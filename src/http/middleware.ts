/**
 * Middleware in the Hono style: `(c, next) => …`, made by named factories and run in order around a route's
 * handler. `route(extend, [mw…], handler)` turns them into a RouteHandler; `extend` adds the route's own
 * fields to the request context (the gateway's key, body and abort signal; nothing for the dashboard).
 */
import { QuadrantError } from '../errors.ts';
import type { HttpContext } from './http-context.ts';
import { readBody } from './read-body.ts';
import type { RouteHandler } from './router.ts';
import { sendError, toQuadrantError } from './send.ts';

export type Next = () => Promise<void>;
export type Middleware<C extends HttpContext = HttpContext> = (c: C, next: Next) => void | Promise<void>;
export type Handler<C extends HttpContext = HttpContext> = (c: C) => void | Promise<void>;

/** Runs `middleware` in order, then `handler`, on the context `extend` builds from the HTTP context. */
export function route<C extends HttpContext>(
  extend: (c: HttpContext) => C,
  middleware: readonly Middleware<C>[],
  handler: Handler<C>,
): RouteHandler {
  return (base) => run(extend(base), middleware, handler);
}

/** Runs middleware then handler on one context (also used by the server for its own middleware). */
export function run<C extends HttpContext>(
  c: C,
  middleware: readonly Middleware<C>[],
  handler: Handler<C>,
): Promise<void> {
  let i = 0;
  // not an async function: a middleware's promise is passed on as it is, without one more promise per step
  const next = (): Promise<void> => {
    const mw = middleware[i++];
    try {
      const out = mw ? mw(c, next) : handler(c);
      return out instanceof Promise ? out : Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  };
  return next();
}

/** Gives every request an id (`x-request-id`): a per-process random prefix and a counter. */
export function requestId(prefix = `req_${Math.random().toString(36).slice(2, 8)}`): Middleware {
  let counter = 0;
  return (c, next) => {
    c.requestId = `${prefix}${(++counter).toString(36)}`;
    c.res.setHeader('x-request-id', c.requestId);
    return next();
  };
}

/**
 * Turns what the rest of the chain throws into the error response (OpenAI-shaped JSON by default; a protocol
 * with its own error shape, e.g. Anthropic's, passes its writer).
 */
export function errorResponse(
  write: (c: HttpContext, err: unknown) => void = (c, err) => sendError(c.res, err),
): Middleware {
  return async (c, next) => {
    try {
      await next();
    } catch (err) {
      const q = toQuadrantError(err);
      c.errorCode = q.code;
      // the client may still be sending a body we will not read: do not keep the connection
      if (q.code === 'body_too_large') c.res.setHeader('connection', 'close');
      write(c, q);
    }
  };
}

/** Authenticates the caller (the function throws an auth error, or returns the key; null = no auth needed). */
export function auth<K, C extends HttpContext & { key: K | null }>(
  authenticate: (c: C) => K | null,
): Middleware<C> {
  return (c, next) => {
    c.key = authenticate(c);
    return next();
  };
}

/** Reads the body up to `limit` bytes (413 above), notes its size and hands it to `parse` (e.g. parseJsonObject). */
export function body<T, C extends HttpContext & { body: T; bodyBytes: number }>(
  limit: number,
  parse: (raw: Buffer, c: C) => T | Promise<T>,
): Middleware<C> {
  return async (c, next) => {
    const raw = await readBody(c.req, limit);
    c.bodyBytes = raw.length;
    c.body = await parse(raw, c);
    await next();
  };
}

/** Answers 503 `shutting_down` (and closes the connection) once `draining()` is true. */
export function refuseWhileDraining(draining: () => boolean): Middleware {
  return (c, next) => {
    if (!draining()) return next();
    c.res.setHeader('connection', 'close');
    c.req.resume();
    sendError(
      c.res,
      new QuadrantError('shutting_down', 'the gateway is shutting down; retry on another instance'),
    );
  };
}
