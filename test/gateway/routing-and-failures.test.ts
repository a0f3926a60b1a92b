/**
 * Routing and failure handling over real HTTP: fallback past a failing provider, retry-after honoured,
 * no retry after the first streamed byte, outlier ejection and recovery on a fake clock, cheapest routing
 * with a quality floor.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it, test } from 'node:test';
import OpenAI from 'openai';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { fakeClock, type Harness, startHarness } from './gateway-harness.ts';

const MESSAGES = [{ role: 'user' as const, content: 'route me' }];

function ledgerRows(h: Harness, requestId: string | null): Promise<Array<Record<string, unknown>>> {
  return h.sql('SELECT * FROM gateway_ledger WHERE request_id = ? ORDER BY attempt', requestId);
}

// on each store: embedded SQLite, and PostgreSQL + Redis (shared ejection on the same fake clock)
for (const backend of await storeBackends()) {
  describe(`fallback, retries and ejection (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    let a: EmulatorHandle;
    let b: EmulatorHandle;
    let h: Harness;
    const clock = fakeClock();

    before(async () => {
      if (backend.skip) return;
      a = await startEmulator('openai');
      b = await startEmulator('deepseek');
      h = await startHarness(
        {
          retry: { attempts_per_upstream: 2, backoff_base_ms: 1, backoff_cap_ms: 5 },
          outlier: { consecutive_failures: 3, base_ejection_ms: 30_000, max_ejection_ms: 120_000 },
          providers: [
            { id: 'pa', kind: 'openai', base_url: a.url, api_key: 'k' },
            { id: 'pb', kind: 'deepseek', base_url: b.url, api_key: 'k' },
          ],
          models: [
            { id: 'gpt-4o', provider: 'pa' },
            { id: 'deepseek-chat', provider: 'pb' },
          ],
          routes: [{ id: 'fb', strategy: 'fallback', candidates: ['gpt-4o', 'deepseek-chat'] }],
        },
        { now: clock.now, backend },
      );
    });
    after(async () => {
      await h?.close();
      await a?.close();
      await b?.close();
    });
    beforeEach(() => {
      if (backend.skip) return;
      a.clearFaults();
      b.clearFaults();
      a.requests.length = 0;
      b.requests.length = 0;
    });

    test('falls back past a failing provider; every attempt is in the ledger', async () => {
      a.setFault({ type: 'status', status: 503, times: 2 });
      const { data, response } = await h
        .client()
        .chat.completions.create({ model: 'fb', messages: MESSAGES })
        .withResponse();
      assert.match(data.choices[0].message.content ?? '', /route me/);
      assert.equal(response.headers.get('x-quadrant-provider'), 'pb');
      assert.equal(response.headers.get('x-quadrant-model'), 'deepseek-chat');
      assert.equal(a.requests.length, 2, 'two attempts on the failing upstream');
      assert.equal(b.requests.length, 1);
      const rows = await ledgerRows(h, response.headers.get('x-request-id'));
      assert.deepEqual(
        rows.map((r) => [r.provider, r.outcome, r.status]),
        [
          ['pa', 'error', 503],
          ['pa', 'error', 503],
          ['pb', 'ok', 200],
        ],
      );
    });

    test('honours retry-after on the same upstream', async () => {
      a.setFault({ type: 'status', status: 429, retryAfterMs: 30, times: 1 });
      const started = Date.now();
      const { response } = await h
        .client()
        .chat.completions.create({ model: 'fb', messages: MESSAGES })
        .withResponse();
      assert.equal(response.headers.get('x-quadrant-provider'), 'pa');
      assert.equal(a.requests.length, 2);
      assert.ok(Date.now() - started >= 30);
    });

    test('no retry or fallback after the first streamed byte: the stream ends with an error event', async () => {
      a.setFault({ type: 'reset', afterChunks: 2, times: 1 });
      const stream = await h
        .client()
        .chat.completions.create({ model: 'fb', messages: MESSAGES, stream: true });
      let deltas = 0;
      const err = await (async () => {
        for await (const chunk of stream) deltas += chunk.choices.length;
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof OpenAI.APIError, `expected an in-band APIError, got ${String(err)}`);
      assert.ok(deltas >= 1, 'some bytes reached the client before the error');
      assert.equal(a.requests.length, 1, 'the upstream was called exactly once');
      assert.equal(b.requests.length, 0, 'no fallback after the first byte');
      const rows = await h.sql("SELECT * FROM gateway_ledger WHERE outcome = 'partial'");
      assert.equal(rows.length, 1, 'the cut stream is accounted');
    });

    test('ejects after N consecutive failures, recovers after the ejection period (fake clock)', async () => {
      const client = h.client();
      await client.chat.completions.create({ model: 'fb', messages: MESSAGES }); // a success resets the failure run
      a.requests.length = 0;
      a.setFault({ type: 'status', status: 500 });
      // attempts_per_upstream 2: two failures per request → ejected during the 2nd request (3 failures)
      for (let i = 0; i < 2; i++) await client.chat.completions.create({ model: 'fb', messages: MESSAGES });
      assert.equal(a.requests.length, 3);
      const sla = (await (await fetch(`${h.gateway.url}/v1/quadrant/sla`)).json()) as {
        upstreams: Array<{ provider: string; ejected: boolean }>;
      };
      assert.equal(sla.upstreams.find((u) => u.provider === 'pa')?.ejected, true);
      await client.chat.completions.create({ model: 'fb', messages: MESSAGES });
      assert.equal(a.requests.length, 3, 'an ejected upstream gets no traffic');
      // a fixed route to the ejected model answers 503 no_healthy_upstream with retry-after
      const err = await client.chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof OpenAI.APIError);
      assert.equal(err.status, 503);
      assert.equal(err.code, 'no_healthy_upstream');
      assert.equal(err.headers?.get('retry-after'), '30');
      // recovery
      a.clearFaults();
      clock.advance(30_001);
      const { response } = await client.chat.completions
        .create({ model: 'fb', messages: MESSAGES })
        .withResponse();
      assert.equal(response.headers.get('x-quadrant-provider'), 'pa');
      assert.equal(a.requests.length, 4);
    });
  });
}

describe('cheapest routing with a quality floor', () => {
  let emu: EmulatorHandle;
  let h: Harness;
  before(async () => {
    emu = await startEmulator('openai');
    h = await startHarness({
      providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
      models: [
        { id: 'gpt-4o', provider: 'oai' },
        { id: 'gpt-4o-mini', provider: 'oai' },
      ],
      routes: [
        { id: 'cheap', strategy: 'cheapest', candidates: ['gpt-4o', 'gpt-4o-mini'] },
        // quality index (MMLU scale, today's knowledge): gpt-4o ≈ 86.6, gpt-4o-mini ≈ 83.8
        { id: 'smart', strategy: 'cheapest', candidates: ['gpt-4o', 'gpt-4o-mini'], min_quality: 85 },
        { id: 'lb', strategy: 'loadbalance', candidates: ['gpt-4o', 'gpt-4o-mini'], weights: [1, 3] },
      ],
    });
  });
  after(async () => {
    await h.close();
    await emu.close();
  });

  test('cheapest picks the cheaper model; min_quality excludes it', async () => {
    const client = h.client();
    const cheap = await client.chat.completions
      .create({ model: 'cheap', messages: MESSAGES, max_tokens: 100 })
      .withResponse();
    assert.equal(cheap.response.headers.get('x-quadrant-model'), 'gpt-4o-mini');
    assert.equal(cheap.data.model, 'cheap');
    assert.equal(emu.requests.at(-1)?.json?.model, 'gpt-4o-mini');
    const smart = await client.chat.completions.create({ model: 'smart', messages: MESSAGES }).withResponse();
    assert.equal(smart.response.headers.get('x-quadrant-model'), 'gpt-4o');
  });

  test('loadbalance spreads by weight', async () => {
    const client = h.client();
    const counts: Record<string, number> = {};
    for (let i = 0; i < 80; i++) {
      const r = await client.chat.completions.create({ model: 'lb', messages: MESSAGES }).withResponse();
      const m = r.response.headers.get('x-quadrant-model') ?? '';
      counts[m] = (counts[m] ?? 0) + 1;
    }
    assert.ok(counts['gpt-4o-mini'] > counts['gpt-4o'], JSON.stringify(counts));
    assert.ok(counts['gpt-4o'] > 0, JSON.stringify(counts));
  });

  test('GET /v1/models lists models and routes', async () => {
    const list = await h.client().models.list();
    const ids = list.data.map((m) => m.id).sort();
    assert.deepEqual(ids, ['cheap', 'gpt-4o', 'gpt-4o-mini', 'lb', 'smart']);
  });
});
