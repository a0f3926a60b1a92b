/** One request as the HTTP layer hands it to a route: what was asked, where to answer, and its id. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Path parameters by name (a wildcard's rest under '*'). */
export type Params = Record<string, string>;

export interface HttpContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  /** Path parameters of the route ("/v1/models/{id}" → { id }). */
  params: Params;
  /** Set by the requestId() middleware ('' before it). */
  requestId: string;
  /** The stable code of the error answered (set by errorResponse()), for logs; null otherwise. */
  errorCode: string | null;
  /** The full URL (parsed on first use). */
  url(): URL;
}

export function createHttpContext(req: IncomingMessage, res: ServerResponse): HttpContext {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  let url: URL | undefined;
  return {
    req,
    res,
    method: req.method ?? 'GET',
    path: q === -1 ? raw : raw.slice(0, q),
    params: {},
    requestId: '',
    errorCode: null,
    url: () => {
      url ??= new URL(raw, 'http://quadrant.local');
      return url;
    },
  };
}
