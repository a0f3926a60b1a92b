/**
 * The access log over real HTTP: one JSON line per API request for every outcome — success (JSON and
 * stream), upstream error, client abort, budget refusal, 4xx validation, unknown model — with key name,
 * route, models, status, error code, tokens, exact cost, latency and attempts; never the API key or the
 * prompt text. Also: the buffered writer to a file. The requests run on each store: embedded SQLite, and
 * PostgreSQL + Redis (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it, test } from 'node:test';
import { createLineWriter } from '../../src/gateway/observe/line-writer.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const KEY = 'sk-access-log-key-000000000000001';
const POOR = 'sk-access-log-key-000000000000002';
const UPSTREAM_SECRET = 'sk-upstream-secret-should-never-appear';
const PROMPT = 'tell me the secret prompt text 8f2c';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  lines(): Array<Record<string, unknown>> {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

for (const backend of await storeBackends()) {
  describe(`access log (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    let emu: EmulatorHandle;
    let h: Harness;
    const out = new Capture();
    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('openai');
      h = await startHarness(
        {
          retry: { attempts_per_upstream: 1 },
          providers: [{ id: 'oa', kind: 'openai', base_url: emu.url, api_key: UPSTREAM_SECRET }],
          models: [{ id: 'gpt-4o-mini', provider: 'oa' }],
          keys: [
            { name: 'alice', key: KEY },
            { name: 'poor', key: POOR, budget: { amount: '0.000000001', currency: 'USD' } },
          ],
        },
        { accessLog: out, backend },
      );
    });
    after(async () => {
      await h?.close();
      await emu?.close();
    });

    async function post(key: string, body: unknown, signal?: AbortSignal): Promise<Response> {
      return fetch(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
    }

    /** The line of the request with this id (the writer flushes on a timer). */
    async function lineOf(requestId: string | null): Promise<Record<string, unknown>> {
      for (let i = 0; i < 100; i++) {
        const line = out.lines().find((l) => l.request_id === requestId);
        if (line) return line;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no access log line for ${requestId}: ${out.text}`);
    }

    const messages = [{ role: 'user', content: PROMPT }];

    test('success (JSON): key, route, model, provider, tokens, exact cost, latency, attempts', async () => {
      const res = await post(KEY, { model: 'gpt-4o-mini', messages });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
      const line = await lineOf(res.headers.get('x-request-id'));
      assert.equal(line.level, 30);
      assert.equal(line.msg, 'request');
      assert.equal(line.key, 'alice');
      assert.equal(line.path, '/v1/chat/completions');
      assert.equal(line.route, 'gpt-4o-mini');
      assert.equal(line.model_asked, 'gpt-4o-mini');
      assert.equal(line.model, 'gpt-4o-mini');
      assert.equal(line.provider, 'oa');
      assert.equal(line.status, 200);
      assert.equal(line.error_code, null);
      assert.equal(line.stream, false);
      assert.equal(line.input_tokens, body.usage.prompt_tokens);
      assert.equal(line.output_tokens, body.usage.completion_tokens);
      assert.equal(line.cost, res.headers.get('x-quadrant-cost'));
      assert.equal(typeof line.cost, 'string');
      assert.equal(line.currency, 'USD');
      assert.equal(line.attempts, 1);
      assert.ok(typeof line.latency_ms === 'number' && line.latency_ms >= 0);
    });

    test('success (stream)', async () => {
      const res = await post(KEY, {
        model: 'gpt-4o-mini',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      await res.text();
      const line = await lineOf(res.headers.get('x-request-id'));
      assert.equal(line.stream, true);
      assert.equal(line.status, 200);
      assert.ok((line.output_tokens as number) > 0);
    });

    test('upstream error: the status and code the client got, the attempt counted', async () => {
      emu.setFault({ type: 'status', status: 400, times: 1 });
      const res = await post(KEY, { model: 'gpt-4o-mini', messages });
      const body = (await res.json()) as { error: { code: string } };
      const line = await lineOf(res.headers.get('x-request-id'));
      assert.equal(line.status, res.status);
      assert.equal(line.error_code, body.error.code);
      assert.equal(line.attempts, 1);
      assert.equal(line.level, 40);
    });

    test('client abort: status 499, client_closed', async () => {
      emu.setFault({ type: 'stall', afterChunks: 2, times: 1 });
      const abort = new AbortController();
      const res = await post(KEY, { model: 'gpt-4o-mini', messages, stream: true }, abort.signal);
      const id = res.headers.get('x-request-id');
      const reader = res.body!.getReader();
      await reader.read();
      abort.abort();
      const line = await lineOf(id);
      assert.equal(line.status, 499);
      assert.equal(line.error_code, 'client_closed');
      assert.equal(line.stream, true);
    });

    test('budget refusal, validation error, unknown model, bad key', async () => {
      const refused = await post(POOR, { model: 'gpt-4o-mini', messages });
      assert.equal(refused.status, 429);
      const a = await lineOf(refused.headers.get('x-request-id'));
      assert.equal(a.error_code, 'budget_exceeded');
      assert.equal(a.key, 'poor');
      assert.equal(a.attempts, 0);
      assert.equal(a.cost, '0');

      const invalid = await post(KEY, { model: 'gpt-4o-mini', messages: 'not a list' });
      assert.equal(invalid.status, 400);
      const b = await lineOf(invalid.headers.get('x-request-id'));
      assert.equal(b.status, 400);
      assert.equal(typeof b.error_code, 'string');

      const unknown = await post(KEY, { model: 'no-such-model', messages });
      const c = await lineOf(unknown.headers.get('x-request-id'));
      assert.equal(c.error_code, 'model_not_found');
      assert.equal(c.model_asked, 'no-such-model');

      const badKey = await post('sk-wrong-key-but-long-enough-000000', { model: 'gpt-4o-mini', messages });
      const d = await lineOf(badKey.headers.get('x-request-id'));
      assert.equal(d.status, 401);
      assert.equal(d.key, null);
    });

    test('never a key, an upstream secret or the prompt text', async () => {
      await lineOf(null).catch(() => undefined); // let the last lines flush
      assert.ok(out.lines().length >= 7);
      for (const secret of [KEY, POOR, UPSTREAM_SECRET, PROMPT, 'sk-wrong-key'])
        assert.equal(out.text.includes(secret), false, `${secret} leaked into the access log`);
    });
  });
}

test('the line writer appends to a file, in one write per burst', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'quadrant-log-')), 'access.log');
  const w = createLineWriter(path, { flushMs: 5 });
  for (let i = 0; i < 1000; i++) w.write(JSON.stringify({ i }));
  await w.close();
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  assert.equal(lines.length, 1000);
  assert.deepEqual(JSON.parse(lines[999]!), { i: 999 });
});

test('the line writer drops lines past its bound instead of growing without end', async () => {
  const slow = new Writable({ highWaterMark: 1, write: (_c, _e, done) => setTimeout(done, 50) });
  const w = createLineWriter(slow, { flushMs: 1, maxBufferedBytes: 1000 });
  for (let i = 0; i < 500; i++) w.write('x'.repeat(50));
  assert.ok(w.dropped > 0);
  await w.close();
});
