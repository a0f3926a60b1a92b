/**
 * Who may see the admin surfaces (operations data, simulator runs): the holder of the admin key, sent as
 * `Authorization: Bearer <admin key>` or — for the dashboard in a browser — as a session cookie the login form
 * sets (a random token, HttpOnly, SameSite=Strict; never the key itself). Only the SHA-256 digests of the key
 * and of the session tokens are kept, and they are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { QuadrantError } from '../errors.ts';
import type { Route, RouteHandler } from './router.ts';
import { sendError } from './send.ts';

export const SESSION_COOKIE = 'quadrant_admin';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;

const digest = (text: string) => createHash('sha256').update(text).digest();

export const ADMIN_KEY_HOW_TO =
  'set admin_key in the gateway config or the QUADRANT_ADMIN_KEY environment variable (24+ characters, e.g. `openssl rand -hex 24`) and restart';

export interface AdminSessionOptions {
  /** The admin key (undefined: none configured). */
  adminKey?: string;
  /** Whether the admin surfaces need the key now (e.g. the gateway has API keys or listens beyond loopback). */
  required: () => boolean;
  /** Epoch ms (tests pass a fake clock). */
  now?: () => number;
}

export class AdminSessions {
  private readonly keyDigest: Buffer | undefined;
  /** sha256(token) as hex → expiry (epoch ms); insertion order = age. */
  private readonly sessions = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: AdminSessionOptions) {
    this.keyDigest = options.adminKey === undefined ? undefined : digest(options.adminKey);
    this.now = options.now ?? Date.now;
  }

  /** True when the admin surfaces need the key (always once a key is configured). */
  required(): boolean {
    return this.keyDigest !== undefined || this.options.required();
  }

  configured(): boolean {
    return this.keyDigest !== undefined;
  }

  /** Constant-time check of a presented admin key. */
  isAdminKey(presented: string): boolean {
    return this.keyDigest !== undefined && timingSafeEqual(digest(presented), this.keyDigest);
  }

  /** Throws admin_key_required / admin_key_not_configured unless the request may see the admin surfaces. */
  check(req: IncomingMessage): void {
    if (!this.required()) return;
    if (!this.keyDigest) {
      throw new QuadrantError(
        'admin_key_not_configured',
        `the operations data and the simulator are closed: this gateway has API keys or listens beyond loopback, and no admin key is configured; ${ADMIN_KEY_HOW_TO}`,
      );
    }
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && /^bearer /i.test(auth) && this.isAdminKey(auth.slice(7).trim())) return;
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token && this.validSession(token)) return;
    throw new QuadrantError(
      'admin_key_required',
      'this needs the admin key: send "Authorization: Bearer <admin key>" or log in at /login',
    );
  }

  /** A new session for a correct admin key (its token for the cookie), or undefined. */
  login(presented: string): string | undefined {
    if (!this.isAdminKey(presented)) return undefined;
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    for (const [k, exp] of this.sessions) if (exp <= now) this.sessions.delete(k);
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    this.sessions.set(digest(token).toString('hex'), now + SESSION_TTL_MS);
    return token;
  }

  logout(req: IncomingMessage): void {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) this.sessions.delete(digest(token).toString('hex'));
  }

  /** The Set-Cookie value for a session token (an empty token clears the cookie). */
  cookie(token: string): string {
    const age = token ? Math.floor(SESSION_TTL_MS / 1000) : 0;
    return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${age}`;
  }

  private validSession(token: string): boolean {
    const key = digest(token).toString('hex');
    const expires = this.sessions.get(key);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.sessions.delete(key);
    return false;
  }
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The route behind the admin check. A browser asking for a page (GET, Accept: text/html) is sent to the login
 * form instead of an error.
 */
export function adminOnly(sessions: AdminSessions, handler: RouteHandler): RouteHandler {
  return (c) => {
    try {
      sessions.check(c.req);
    } catch (err) {
      c.req.resume();
      const wantsPage = c.method === 'GET' && (c.req.headers.accept ?? '').includes('text/html');
      if (!wantsPage) return sendError(c.res, err);
      const next = c.req.url ?? '/';
      c.res.writeHead(303, { location: `/login?next=${encodeURIComponent(next)}`, 'content-length': 0 });
      c.res.end();
      return;
    }
    return handler(c);
  };
}

/** Every route marked `admin` behind the admin check. */
export function guardAdminRoutes(routes: readonly Route[], sessions: AdminSessions): Route[] {
  return routes.map((r) => (r.admin ? { ...r, handler: adminOnly(sessions, r.handler) } : r));
}
