/**
 * The admin surface (issue 10, attack 6), over real HTTP: `/api/operations` showed per-key spend, budgets and
 * recent errors to anyone, and anyone could run simulations. Now, once the gateway has an API key (or listens
 * beyond loopback), the operations page, /api/operations, /v1/quadrant/sla and POST /api/simulate need the
 * admin key — as a Bearer header or a login session cookie — and are closed (saying how to open them) when no
 * admin key is configured. Market pages and the per-request endpoints of API keys stay as they were. Runs on
 * each store: embedded SQLite, and PostgreSQL + Redis (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { validateConfig } from '../../src/gateway/config/load-config.ts';
import { dashboardRoutes } from '../../src/web/index.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { type StoreBackend, storeBackends } from '../support/store-backends.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const API_KEY = 'sk-test-admin-surface-api-key-000001';
const ADMIN_KEY = 'adm-test-admin-surface-key-00000000001';
const ADMIN_PATHS = ['/api/operations', '/v1/quadrant/sla', '/operations', '/metrics'];

function config(extra: Record<string, unknown> = {}, emuUrl = 'http://127.0.0.1:9') {
  return {
    providers: [{ id: 'oai', kind: 'openai', base_url: emuUrl, api_key: 'k' }],
    models: [{ id: 'gpt-4o', provider: 'oai' }],
    keys: [{ name: 'team', key: API_KEY, budget: { amount: '5', currency: 'USD' } }],
    ...extra,
  };
}

async function gateway(raw: unknown, backend: StoreBackend, host?: string): Promise<Harness> {
  const catalog = loadCatalog();
  return startHarness(raw, {
    catalog,
    host,
    backend,
    peers: (operations, admin) => dashboardRoutes({ catalog, operations, admin, now: () => new Date() }),
  });
}

const simulate = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/simulate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ scenario: 'likely', runs: 5, months: 3 }),
  });

for (const backend of await storeBackends()) {
  describe(`admin surface (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void> | void) => it(name, { skip: backend.skip }, fn);
    let emu: EmulatorHandle;
    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('openai');
    });
    after(() => emu?.close());

    describe('API keys and an admin key', () => {
      let h: Harness;
      before(async () => {
        if (backend.skip) return;
        h = await gateway(config({ admin_key: ADMIN_KEY }, emu.url), backend);
      });
      after(() => h?.close());

      test('without the admin key: 401 (an API key is not the admin key); pages redirect to /login', async () => {
        for (const path of ADMIN_PATHS) {
          for (const headers of [
            {},
            { authorization: `Bearer ${API_KEY}` },
            { authorization: 'Bearer x' },
          ] as Record<string, string>[]) {
            const res = await fetch(`${h.gateway.url}${path}`, { headers, redirect: 'manual' });
            assert.equal(res.status, 401, `${path} ${JSON.stringify(headers)}`);
            const body = (await res.json()) as { error: { code: string; message: string } };
            assert.equal(body.error.code, 'admin_key_required');
            assert.match(body.error.message, /\/login/);
          }
        }
        const page = await fetch(`${h.gateway.url}/operations`, {
          headers: { accept: 'text/html' },
          redirect: 'manual',
        });
        assert.equal(page.status, 303);
        assert.equal(page.headers.get('location'), '/login?next=%2Foperations');
        assert.equal((await simulate(h.gateway.url)).status, 401);
        assert.equal((await simulate(h.gateway.url, { authorization: `Bearer ${API_KEY}` })).status, 401);
      });

      test('with the admin key as Bearer: operations data and simulations', async () => {
        const auth = { authorization: `Bearer ${ADMIN_KEY}` };
        for (const path of ADMIN_PATHS) {
          const res = await fetch(`${h.gateway.url}${path}`, { headers: auth });
          assert.equal(res.status, 200, path);
          await res.arrayBuffer();
        }
        const sim = await simulate(h.gateway.url, auth);
        assert.equal(sim.status, 200);
        await sim.arrayBuffer();
      });

      test('login form → HttpOnly SameSite=Strict session cookie (not the key); logout ends it', async () => {
        const wrong = await fetch(`${h.gateway.url}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ admin_key: API_KEY, next: '/operations' }).toString(),
          redirect: 'manual',
        });
        assert.equal(wrong.status, 401);
        assert.match(await wrong.text(), /Wrong admin key/);
        assert.equal(wrong.headers.get('set-cookie'), null);
        const ok = await fetch(`${h.gateway.url}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ admin_key: ADMIN_KEY, next: '//evil.example/x' }).toString(),
          redirect: 'manual',
        });
        assert.equal(ok.status, 303);
        assert.equal(ok.headers.get('location'), '/operations', 'no redirect off the server');
        const setCookie = ok.headers.get('set-cookie') ?? '';
        assert.match(setCookie, /HttpOnly/);
        assert.match(setCookie, /SameSite=Strict/);
        assert.ok(!setCookie.includes(ADMIN_KEY));
        const cookie = setCookie.split(';')[0];
        for (const path of ADMIN_PATHS) {
          const res = await fetch(`${h.gateway.url}${path}`, { headers: { cookie } });
          assert.equal(res.status, 200, path);
          await res.arrayBuffer();
        }
        assert.equal((await simulate(h.gateway.url, { cookie })).status, 200);
        const forged = await fetch(`${h.gateway.url}/api/operations`, {
          headers: { cookie: `quadrant_admin=${ADMIN_KEY}` },
        });
        assert.equal(forged.status, 401, 'the key itself is not a session');
        const out = await fetch(`${h.gateway.url}/logout`, {
          method: 'POST',
          headers: { cookie },
          redirect: 'manual',
        });
        assert.equal(out.status, 303);
        assert.equal((await fetch(`${h.gateway.url}/api/operations`, { headers: { cookie } })).status, 401);
      });

      test('market pages stay public; per-request endpoints stay with the API key that made the request', async () => {
        for (const path of ['/', '/calculator', '/price-war', '/api/quadrant', '/healthz', '/login']) {
          const res = await fetch(`${h.gateway.url}${path}`);
          assert.equal(res.status, 200, path);
          await res.arrayBuffer();
        }
        const chat = await fetch(`${h.gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
          body: JSON.stringify({
            model: 'gpt-4o',
            messages: [{ role: 'user', content: 'hi' }],
            max_tokens: 5,
          }),
        });
        assert.equal(chat.status, 200);
        await chat.arrayBuffer();
        const id = chat.headers.get('x-request-id');
        const report = await fetch(`${h.gateway.url}/v1/quadrant/requests/${id}`, {
          headers: { authorization: `Bearer ${API_KEY}` },
        });
        assert.equal(report.status, 200);
        await report.arrayBuffer();
      });
    });

    test('API keys but no admin key: the admin surfaces are closed, saying how to set admin_key', async () => {
      const h = await gateway(config({}, emu.url), backend);
      try {
        for (const path of ADMIN_PATHS) {
          const res = await fetch(`${h.gateway.url}${path}`);
          assert.equal(res.status, 403, path);
          const body = (await res.json()) as { error: { code: string; message: string } };
          assert.equal(body.error.code, 'admin_key_not_configured');
          assert.match(body.error.message, /admin_key/);
          assert.match(body.error.message, /QUADRANT_ADMIN_KEY/);
        }
        assert.equal((await simulate(h.gateway.url)).status, 403);
        const login = await fetch(`${h.gateway.url}/login`);
        assert.equal(login.status, 403);
        assert.match(await login.text(), /QUADRANT_ADMIN_KEY/);
      } finally {
        await h.close();
      }
    });

    test('no API key but listening beyond loopback: closed too', async () => {
      const raw = config({}, emu.url);
      raw.keys = [];
      const h = await gateway(raw, backend, '0.0.0.0');
      try {
        const res = await fetch(`http://127.0.0.1:${h.gateway.port}/api/operations`);
        assert.equal(res.status, 403);
      } finally {
        await h.close();
      }
    });

    test('no API key on loopback: open as before (one user, one machine)', async () => {
      const raw = config({}, emu.url);
      raw.keys = [];
      const h = await gateway(raw, backend);
      try {
        for (const path of ADMIN_PATHS) {
          const res = await fetch(`${h.gateway.url}${path}`);
          assert.equal(res.status, 200, path);
          await res.arrayBuffer();
        }
      } finally {
        await h.close();
      }
    });

    test('admin_key from QUADRANT_ADMIN_KEY; shorter than 24 characters is refused', () => {
      const cfg = validateConfig(config(), { QUADRANT_ADMIN_KEY: ADMIN_KEY });
      assert.equal(cfg.admin_key, ADMIN_KEY);
      assert.throws(() => validateConfig(config({ admin_key: 'short' })), /admin_key must be at least 24/);
      assert.throws(() => validateConfig(config(), { QUADRANT_ADMIN_KEY: 'short' }), /admin_key/);
    });
  });
}
