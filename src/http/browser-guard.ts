/**
 * What a browser may do to a server on the user's machine (issue 10, "Browser safety"):
 *   - `hostGuard`: the `Host` header must name this server — a loopback name, the configured host, an IP
 *     literal (a DNS-rebinding page has a domain name, never our IP), or one of `allowed_hosts` — else 421
 *     (DNS rebinding: a page on evil.example whose name was made to resolve to 127.0.0.1).
 *   - `originGuard`: a request carrying an `Origin` that is neither this server itself nor one of
 *     `cors.allowed_origins` gets 403; CORS preflights (OPTIONS) are answered for allowed origins only, and
 *     responses to an allowed origin carry `Access-Control-Allow-Origin`.
 *   - `jsonBodiesOnly`: a POST must be `application/json` (415 otherwise), so no "simple" cross-site form or
 *     `text/plain` fetch reaches a paid endpoint without a preflight.
 */
import { isIP } from 'node:net';
import { QuadrantError } from '../errors.ts';
import type { HttpContext } from './http-context.ts';
import type { Middleware } from './middleware.ts';
import { sendError } from './send.ts';

export interface BrowserGuardOptions {
  /** The interface the server listens on (as configured: '127.0.0.1', '0.0.0.0', 'gw.internal', …). */
  host?: string;
  /** More `Host` values accepted: 'gw.example.com' (any port) or 'gw.example.com:8443'. */
  allowedHosts?: readonly string[];
  /** Origins (scheme://host[:port]) whose pages may call this server: 'https://app.example.com'. */
  allowedOrigins?: readonly string[];
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]', '::1'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

/** Request headers a browser page may send cross-origin: the openai and anthropic SDKs' own, plus the API's. */
const ALLOWED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'idempotency-key',
  'openai-organization',
  'openai-project',
  'openai-beta',
  'anthropic-version',
  'anthropic-beta',
  'anthropic-dangerous-direct-browser-access',
  'anthropic-organization-id',
  'anthropic-workspace-id',
  'x-stainless-*',
];
const EXPOSED_HEADERS =
  'x-request-id, x-quadrant-model, x-quadrant-provider, x-quadrant-cost, x-quadrant-route, x-should-retry, retry-after';

function splitHost(value: string): { name: string; port: string } {
  const v = value.trim().toLowerCase();
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(v);
  return m ? { name: m[1], port: m[2] ?? '' } : { name: v, port: '' };
}

/**
 * True when `Host` names this server. The port is not compared for our own names (behind a port mapping the
 * client's port differs): a rebinding page always shows its own domain name, never ours or an IP literal.
 */
export function hostAllowed(hostHeader: string, options: BrowserGuardOptions): boolean {
  const { name, port } = splitHost(hostHeader);
  for (const entry of options.allowedHosts ?? []) {
    const allowed = splitHost(entry);
    if (allowed.name === name && (allowed.port === '' || allowed.port === port)) return true;
  }
  if (LOOPBACK_NAMES.includes(name)) return true;
  const bound = (options.host ?? '127.0.0.1').toLowerCase();
  if (!WILDCARD.has(bound) && (name === bound || name === `[${bound}]`)) return true;
  return isIP(name.startsWith('[') ? name.slice(1, -1) : name) !== 0;
}

export function hostGuard(options: BrowserGuardOptions): Middleware {
  // a client sends the same Host on every request: the verdicts of the last few are kept
  const verdicts = new Map<string, boolean>();
  const allowed = (host: string): boolean => {
    let ok = verdicts.get(host);
    if (ok === undefined) {
      ok = hostAllowed(host, options);
      if (verdicts.size >= 64) verdicts.clear();
      verdicts.set(host, ok);
    }
    return ok;
  };
  return (c, next) => {
    const host = c.req.headers.host ?? '';
    if (allowed(host)) return next();
    c.req.resume();
    sendError(
      c.res,
      new QuadrantError(
        'misdirected_request',
        `this server does not answer for host "${host.slice(0, 100)}": use its address (e.g. 127.0.0.1), or add the name to allowed_hosts in the gateway config`,
      ),
    );
  };
}

/** The page's own origin: `Origin` equal to http(s)://<Host> (Host itself is checked by hostGuard). */
function sameOrigin(origin: string, c: HttpContext): boolean {
  const host = c.req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

function allowedRequestHeaders(requested: string | undefined): string {
  const listed = ALLOWED_REQUEST_HEADERS.filter((h) => !h.endsWith('*'));
  const extra = (requested ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => /^x-stainless-[a-z0-9-]+$/.test(h) && !listed.includes(h));
  return [...listed, ...extra].join(', ');
}

export function originGuard(options: BrowserGuardOptions): Middleware {
  const allowed = new Set((options.allowedOrigins ?? []).map((o) => o.replace(/\/+$/, '').toLowerCase()));
  return (c, next) => {
    const origin = c.req.headers.origin;
    if (origin === undefined) return next();
    const listed = allowed.has(origin.toLowerCase());
    if (!listed && !sameOrigin(origin, c)) {
      c.req.resume();
      sendError(
        c.res,
        new QuadrantError(
          'origin_not_allowed',
          `requests from the web page at ${JSON.stringify(origin.slice(0, 100))} are not allowed: add it to cors.allowed_origins in the gateway config`,
        ),
      );
      return;
    }
    if (!listed) return next();
    c.res.setHeader('access-control-allow-origin', origin);
    c.res.setHeader('vary', 'Origin');
    if (c.method === 'OPTIONS' && c.req.headers['access-control-request-method']) {
      c.req.resume();
      c.res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': allowedRequestHeaders(
          c.req.headers['access-control-request-headers'],
        ),
        'access-control-max-age': '600',
        'content-length': 0,
      });
      c.res.end();
      return;
    }
    c.res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    return next();
  };
}

/** A POST body must be JSON: `application/json` (parameters such as charset allowed), else 415. */
export function jsonBodiesOnly(): Middleware {
  return (c, next) => {
    if (c.method !== 'POST') return next();
    const type = (c.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json') return next();
    throw new QuadrantError(
      'unsupported_media_type',
      `request body must be JSON sent with "Content-Type: application/json" (got ${type ? JSON.stringify(type.slice(0, 100)) : 'no Content-Type'})`,
    );
  };
}
