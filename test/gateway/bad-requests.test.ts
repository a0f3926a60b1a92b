/**
 * Bad input gets clear OpenAI-shaped errors with the right status, never a 500 and never a hang:
 * invalid JSON, wrong shapes, unknown model/route (with suggestions), oversized body, wrong method,
 * unknown path, and a bad config at start (one line naming the path, non-zero exit). The requests run on each
 * store: embedded SQLite, and PostgreSQL + Redis (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import fc from 'fast-check';
import OpenAI from 'openai';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

for (const backend of await storeBackends()) {
  describe(`bad requests (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    let emu: EmulatorHandle;
    let h: Harness;
    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('openai');
      h = await startHarness(
        {
          body_limit_bytes: 64 * 1024,
          providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
          models: [{ id: 'gpt-4o', provider: 'oai' }],
          routes: [{ id: 'smart', strategy: 'fallback', candidates: ['gpt-4o'] }],
        },
        { backend },
      );
    });
    after(async () => {
      await h?.close();
      await emu?.close();
    });

    async function post(body: string, path = '/v1/chat/completions', method = 'POST') {
      const res = await fetch(`${h.gateway.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : body,
      });
      const json = (await res.json()) as {
        error: { message: string; type: string; code: string; param: string | null };
      };
      return { status: res.status, json, headers: res.headers };
    }

    test('invalid JSON → 400 invalid_json', async () => {
      const r = await post('{"model": ');
      assert.equal(r.status, 400);
      assert.equal(r.json.error.code, 'invalid_json');
      assert.equal(r.json.error.type, 'invalid_request_error');
      assert.ok(r.headers.get('x-request-id'));
      assert.ok(r.headers.get('x-quadrant-model'));
    });

    test('wrong shapes → 400 naming the param', async () => {
      for (const [body, param] of [
        ['[]', null],
        ['{"model":"gpt-4o"}', 'messages'],
        ['{"model":"gpt-4o","messages":[]}', 'messages'],
        ['{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"max_tokens":-1}', 'max_tokens'],
        ['{"messages":[{"role":"user","content":"x"}]}', 'model'],
      ] as const) {
        const r = await post(body);
        assert.equal(r.status, 400, body);
        assert.equal(r.json.error.param, param, body);
      }
    });

    test('unknown model or route → 404 with suggestions (SDK sees NotFoundError)', async () => {
      const err = await h
        .client()
        .chat.completions.create({ model: 'gpt4o', messages: [{ role: 'user', content: 'x' }] })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(err instanceof OpenAI.NotFoundError);
      assert.equal(err.code, 'model_not_found');
      assert.match(err.message, /did you mean gpt-4o/);
      const r = await post('{"model":"smrt","messages":[{"role":"user","content":"x"}]}');
      assert.equal(r.status, 404);
      assert.match(r.json.error.message, /smart/);
    });

    test('oversized body → 413 body_too_large', async () => {
      const big = JSON.stringify({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'x'.repeat(200 * 1024) }],
      });
      const r = await post(big);
      assert.equal(r.status, 413);
      assert.equal(r.json.error.code, 'body_too_large');
      // the SDK gets a clean error too
      const err = await h
        .client()
        .chat.completions.create({
          model: 'gpt-4o',
          messages: [{ role: 'user', content: 'x'.repeat(200 * 1024) }],
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(err instanceof OpenAI.APIError);
      assert.equal(err.status, 413);
    });

    test('wrong method → 405, unknown path → 404', async () => {
      const r = await post('', '/v1/chat/completions', 'GET');
      assert.equal(r.status, 405);
      assert.equal(r.json.error.code, 'method_not_allowed');
      assert.equal(r.headers.get('allow'), 'POST');
      const n = await post('{}', '/v1/nothing');
      assert.equal(n.status, 404);
      assert.equal(n.json.error.code, 'not_found');
    });

    test('healthz and metrics', async () => {
      assert.equal((await fetch(`${h.gateway.url}/healthz`)).status, 200);
      await h
        .client()
        .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
      const text = await h.metrics();
      assert.match(text, /quadrant_requests_total\{endpoint="chat",route="gpt-4o",status="200"\}/);
      assert.match(text, /quadrant_upstream_attempts_total\{provider="oai",model="gpt-4o",outcome="ok"\}/);
      assert.match(text, /quadrant_cost_total/);
      assert.match(text, /quadrant_upstream_latency_seconds_bucket/);
    });

    test('fuzz: arbitrary JSON bodies never get a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.jsonValue(),
            fc.record({
              model: fc.oneof(fc.constant('gpt-4o'), fc.string(), fc.integer()),
              messages: fc.oneof(
                fc.array(fc.record({ role: fc.constantFrom('user', 'system'), content: fc.jsonValue() })),
                fc.jsonValue(),
              ),
              max_tokens: fc.oneof(
                fc.constant(undefined),
                fc.integer({ min: -2, max: 2 ** 40 }),
                fc.string(),
              ),
              stream: fc.oneof(fc.boolean(), fc.jsonValue()),
            }),
          ),
          async (body) => {
            const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
            await res.arrayBuffer();
            return res.status < 500;
          },
        ),
        { numRuns: 150 },
      );
    });
  });
}

test('bad config at start: one clear line naming the path, exit 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quadrant-badcfg-'));
  const cases: Array<[string, RegExp]> = [
    [
      'providers:\n  - { id: oai, kind: openai, api_key: ${MISSING_VAR_XYZ} }\n',
      /providers\[0\]\.api_key: environment variable MISSING_VAR_XYZ is not set/,
    ],
    ['providers:\n  - { id: oai, kind: opena }\n', /providers\[0\]\.kind/],
    [
      'providers: [{ id: oai, kind: openai }]\nmodels:\n  - { id: gpt-4o, provider: oia }\n',
      /models\[0\]\.provider: unknown provider "oia" \(did you mean oai\?\)/,
    ],
    [
      'providers: [{ id: oai, kind: openai }]\nmodels: [{ id: gpt-4o, provider: oai }]\nroutes:\n  - { id: r, strategy: cheapest, candidates: [gpt-4o, nope] }\n',
      /routes\[0\]\.candidates\[1\]: unknown model "nope"/,
    ],
    [
      'providers: [{ id: oai, kind: openai }]\nmodels: [{ id: gpt-4o, provider: oai }]\nroutes:\n  - { id: r, strategy: fastest, candidates: [gpt-4o], colour: red }\n',
      /routes\[0\]: unknown key\(s\) colour/,
    ],
  ];
  for (const [yaml, expected] of cases) {
    const file = join(dir, 'gateway.yaml');
    writeFileSync(file, yaml);
    const r = spawnSync(process.execPath, ['bin/quadrant.js', 'serve', '--config', file, '--port', '0'], {
      encoding: 'utf8',
      env: { ...process.env, QUADRANT_DB: join(dir, 'q.db') },
      timeout: 30_000,
    });
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], expected);
    assert.ok(lines[0].includes(file));
  }
});
