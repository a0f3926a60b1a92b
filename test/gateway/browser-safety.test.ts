/**
 * Browser safety (issue 10, attack 7), each a reproduction against a real gateway over HTTP: a page on another
 * origin POSTing `text/plain` to /v1/chat/completions (a "simple request", no preflight) made paid upstream
 * calls; a foreign `Origin` was served; a DNS-rebinding `Host` (evil.example resolved to 127.0.0.1) was
 * answered. Now: 415, 403, 421 — and the upstream never sees the call. Allowed origins get proper CORS.
 *
 * Store-independent (Origin, Host and content-type checks before any store is read): runs on the embedded store.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const CHAT = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
const APP = 'https://app.example.com';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request (fetch would not let a test set Host or Origin freely). */
function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const code = (a: Answer) => (JSON.parse(a.body) as { error: { code: string } }).error.code;

describe('browser safety', () => {
  let emu: EmulatorHandle;
  let h: Harness;
  let port: number;
  before(async () => {
    emu = await startEmulator('openai');
    // no API key: the default, where a cross-site page used to spend money
    h = await startHarness({
      providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
      models: [{ id: 'gpt-4o', provider: 'oai' }],
      cors: { allowed_origins: [APP] },
      allowed_hosts: ['gw.example.com'],
    });
    port = h.gateway.port;
  });
  after(async () => {
    await h.close();
    await emu.close();
  });

  test('a text/plain POST (cross-site simple request) → 415, no upstream call', async () => {
    const before = emu.requests.length;
    for (const type of [
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
    ]) {
      const a = await call(port, 'POST', '/v1/chat/completions', { 'content-type': type }, CHAT);
      assert.equal(a.status, 415, type);
      assert.equal(code(a), 'unsupported_media_type');
      assert.match(a.body, /application\/json/);
    }
    const none = await call(port, 'POST', '/v1/embeddings', {}, CHAT);
    assert.equal(none.status, 415);
    const messages = await call(port, 'POST', '/v1/messages', { 'content-type': 'text/plain' }, CHAT);
    assert.equal(messages.status, 415);
    assert.equal((JSON.parse(messages.body) as { type: string }).type, 'error', 'Anthropic-shaped');
    assert.equal(emu.requests.length, before, 'the upstream was never called');
    const ok = await call(
      port,
      'POST',
      '/v1/chat/completions',
      { 'content-type': 'application/json; charset=utf-8' },
      CHAT,
    );
    assert.equal(ok.status, 200, ok.body);
  });

  test('an Origin not in cors.allowed_origins → 403 (GET, POST and the preflight), no upstream call', async () => {
    const before = emu.requests.length;
    const evil = { origin: 'https://evil.example', 'content-type': 'application/json' };
    const post = await call(port, 'POST', '/v1/chat/completions', evil, CHAT);
    assert.equal(post.status, 403);
    assert.equal(code(post), 'origin_not_allowed');
    assert.match(post.body, /cors\.allowed_origins/);
    assert.equal(post.headers['access-control-allow-origin'], undefined);
    for (const origin of ['https://evil.example', 'null', `${APP}.evil.example`]) {
      const preflight = await call(port, 'OPTIONS', '/v1/chat/completions', {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      });
      assert.equal(preflight.status, 403, origin);
      assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    }
    const models = await call(port, 'GET', '/v1/models', { origin: 'https://evil.example' });
    assert.equal(models.status, 403);
    assert.equal(emu.requests.length, before);
  });

  test('an allowed origin: preflight with the SDKs’ headers, then the call carries Access-Control-Allow-Origin', async () => {
    const preflight = await call(port, 'OPTIONS', '/v1/chat/completions', {
      origin: APP,
      'access-control-request-method': 'POST',
      'access-control-request-headers':
        'authorization, content-type, x-stainless-os, x-stainless-retry-count, anthropic-version, x-api-key',
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], APP);
    assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
    const allowed = String(preflight.headers['access-control-allow-headers']).split(', ');
    for (const h of [
      'authorization',
      'content-type',
      'x-stainless-os',
      'x-stainless-retry-count',
      'anthropic-version',
      'anthropic-dangerous-direct-browser-access',
      'x-api-key',
    ])
      assert.ok(allowed.includes(h), h);
    const post = await call(
      port,
      'POST',
      '/v1/chat/completions',
      { origin: APP, 'content-type': 'application/json' },
      CHAT,
    );
    assert.equal(post.status, 200, post.body);
    assert.equal(post.headers['access-control-allow-origin'], APP);
    assert.match(String(post.headers.vary), /Origin/);
    assert.match(String(post.headers['access-control-expose-headers']), /x-quadrant-cost/);
  });

  test('the server’s own pages (Origin = the Host it was reached at) are same-origin', async () => {
    const a = await call(port, 'GET', '/healthz', { origin: `http://127.0.0.1:${port}` });
    assert.equal(a.status, 200);
    assert.equal(a.headers['access-control-allow-origin'], undefined);
  });

  test('DNS rebinding: a Host that is not this server → 421; its own names and allowed_hosts pass', async () => {
    const before = emu.requests.length;
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `localhost.evil.example:${port}`,
      'gw.example.com.evil.example',
    ]) {
      const a = await call(
        port,
        'POST',
        '/v1/chat/completions',
        { host, 'content-type': 'application/json' },
        CHAT,
      );
      assert.equal(a.status, 421, host);
      assert.equal(code(a), 'misdirected_request');
      assert.match(a.body, /allowed_hosts/);
    }
    assert.equal(emu.requests.length, before);
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `[::1]:${port}`,
      '10.1.2.3:8080',
      'gw.example.com',
      `gw.example.com:${port}`,
    ]) {
      const a = await call(port, 'GET', '/healthz', { host });
      assert.equal(a.status, 200, host);
    }
  });
});
