/**
 * `/login` and `/logout`: the admin key, typed into a form, opens a session (an HttpOnly, SameSite=Strict
 * cookie holding a random token — not the key) for the admin surfaces: the Operations page, /api/operations
 * and the simulator's runs. Not in the navigation; protected pages send the browser here.
 */

import { ADMIN_KEY_HOW_TO, type AdminSessions } from '../http/admin-session.ts';
import type { HttpContext } from '../http/http-context.ts';
import { readBody } from '../http/read-body.ts';
import type { Route } from '../http/router.ts';
import { HTML_TYPE, send, sendError } from '../http/send.ts';
import { escapeHtml } from './html.ts';
import { renderLayout } from './layout.ts';
import type { WebPage } from './page.ts';

const LOGIN: WebPage = { path: '/login', title: 'Log in', order: 1000, render: () => '' };
const HEADERS = { 'content-type': HTML_TYPE, 'cache-control': 'no-store' };

/** Only a path of this server (no "//evil.example", no scheme) may be the place to go after logging in. */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/operations';
}

function form(next: string, message: string): string {
  return `<h1>Log in</h1>
${message}
<form id="login-form" class="controls" method="post" action="/login">
  <input type="hidden" name="next" value="${escapeHtml(next)}">
  <div class="control"><label for="admin_key">Admin key</label><input type="password" id="admin_key" name="admin_key" autocomplete="current-password" required></div>
  <div class="control"><button type="submit">Log in</button></div>
</form>
<p class="hint">The admin key opens the operations data and the simulator's runs. It is the gateway's <code>admin_key</code> (config) or <code>QUADRANT_ADMIN_KEY</code>.</p>`;
}

function page(pages: WebPage[], main: string): string {
  return renderLayout(pages, LOGIN, main);
}

export function loginRoutes(pages: WebPage[], sessions: AdminSessions | undefined): Route[] {
  const notNeeded = `<div class="empty-state" role="status"><p>This server needs no admin key: its operations data is open to this machine only.</p></div>`;
  const notConfigured = `<div class="error" role="alert"><p>No admin key is configured, so the operations data and the simulator's runs are closed: ${escapeHtml(ADMIN_KEY_HOW_TO)}.</p></div>`;
  const getLogin = (c: HttpContext) => {
    const next = safeNext(c.url().searchParams.get('next'));
    if (!sessions?.required()) return send(c.res, 200, page(pages, `<h1>Log in</h1>${notNeeded}`), HEADERS);
    if (!sessions.configured())
      return send(c.res, 403, page(pages, `<h1>Log in</h1>${notConfigured}`), HEADERS);
    send(c.res, 200, page(pages, form(next, '')), HEADERS);
  };
  const postLogin = async (c: HttpContext) => {
    let fields: URLSearchParams;
    try {
      fields = new URLSearchParams((await readBody(c.req, 8192)).toString('utf8'));
    } catch (err) {
      return sendError(c.res, err);
    }
    const next = safeNext(fields.get('next'));
    const token = sessions?.login(fields.get('admin_key') ?? '');
    if (!token) {
      const message = `<div class="error" role="alert"><p>${sessions?.configured() ? 'Wrong admin key.' : escapeHtml(`No admin key is configured: ${ADMIN_KEY_HOW_TO}.`)}</p></div>`;
      return send(c.res, 401, page(pages, form(next, message)), HEADERS);
    }
    c.res.writeHead(303, { location: next, 'set-cookie': sessions!.cookie(token), 'content-length': 0 });
    c.res.end();
  };
  const postLogout = (c: HttpContext) => {
    c.req.resume();
    sessions?.logout(c.req);
    c.res.writeHead(303, {
      location: '/',
      'content-length': 0,
      ...(sessions ? { 'set-cookie': sessions.cookie('') } : {}),
    });
    c.res.end();
  };
  return [
    { method: 'GET', path: '/login', handler: getLogin },
    { method: 'POST', path: '/login', handler: postLogin },
    { method: 'POST', path: '/logout', handler: postLogout },
  ];
}
