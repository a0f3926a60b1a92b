/**
 * Retry budget (Envoy) over real HTTP: during an outage (every upstream answers 503) under concurrency, the
 * retries and fallbacks the gateway makes are bounded by 20% of the requests in flight (minimum 3), so the
 * outage does not multiply upstream load; the requests the budget stops get the last upstream error with
 * `x-should-retry: false`, and a metric counts them. Runs on each store: embedded SQLite, and PostgreSQL + Redis
 * (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const CONCURRENT = 40;
/** Every upstream answer takes this long, so the requests overlap even on a loaded machine. */
const UPSTREAM_MS = 500;

function gatewayConfig(a: EmulatorHandle, b: EmulatorHandle, budget: Record<string, number>) {
  return {
    retry: { attempts_per_upstream: 2, max_attempts: 4, backoff_base_ms: 1, backoff_cap_ms: 5, ...budget },
    // ejection would stop the retries by itself: out of the picture here
    outlier: { consecutive_failures: 10_000 },
    providers: [
      { id: 'pa', kind: 'openai', base_url: a.url, api_key: 'k' },
      { id: 'pb', kind: 'deepseek', base_url: b.url, api_key: 'k' },
    ],
    models: [
      { id: 'gpt-4o', provider: 'pa' },
      { id: 'deepseek-chat', provider: 'pb' },
    ],
    routes: [{ id: 'fb', strategy: 'fallback', candidates: ['gpt-4o', 'deepseek-chat'] }],
  };
}

interface OutageFigures {
  upstreamCalls: number;
  /** Most upstream calls in flight at once (each takes UPSTREAM_MS). */
  peakUpstream: number;
  refused: Array<{ status: number; code: string }>;
  maxRetriesInFlight: number;
  maxLimit: number;
}

async function outage(h: Harness, a: EmulatorHandle, b: EmulatorHandle): Promise<OutageFigures> {
  for (const e of [a, b]) {
    e.requests.length = 0;
    e.setFault({ type: 'delay', ms: UPSTREAM_MS });
    e.setFault({ type: 'status', status: 503 });
  }
  let maxRetriesInFlight = 0;
  let maxLimit = 0;
  const sample = setInterval(() => {
    const s = h.gateway.ctx.retryBudget.snapshot();
    maxRetriesInFlight = Math.max(maxRetriesInFlight, s.retries);
    maxLimit = Math.max(maxLimit, s.limit);
  }, 2);
  const responses = await Promise.all(
    Array.from({ length: CONCURRENT }, () =>
      fetch(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fb', messages: [{ role: 'user', content: 'outage' }] }),
      }),
    ),
  );
  clearInterval(sample);
  const answers = await Promise.all(
    responses.map(async (r) => ({
      status: r.status,
      noRetry: r.headers.get('x-should-retry') === 'false',
      code: ((await r.json()) as { error: { code: string } }).error.code,
    })),
  );
  for (const e of [a, b]) e.clearFaults();
  const starts = [...a.requests, ...b.requests].map((r) => r.receivedAt).sort((x, y) => x - y);
  let peakUpstream = 0;
  for (const [i, t] of starts.entries()) {
    let j = i;
    while (j + 1 < starts.length && starts[j + 1] < t + UPSTREAM_MS) j++;
    peakUpstream = Math.max(peakUpstream, j - i + 1);
  }
  return {
    upstreamCalls: a.requests.length + b.requests.length,
    peakUpstream,
    refused: answers.filter((r) => r.noRetry),
    maxRetriesInFlight,
    maxLimit,
  };
}

for (const backend of await storeBackends()) {
  describe(`retry budget (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    let a: EmulatorHandle;
    let b: EmulatorHandle;
    before(async () => {
      if (backend.skip) return;
      a = await startEmulator('openai');
      b = await startEmulator('deepseek');
    });
    after(async () => {
      await a?.close();
      await b?.close();
    });

    test(`an outage under ${CONCURRENT} concurrent requests: retries stay within 20% of the requests in flight`, async () => {
      const h = await startHarness(gatewayConfig(a, b, {}), { backend });
      try {
        const f = await outage(h, a, b);
        // without a budget every request makes 4 attempts (160 calls); with it ~1 attempt each plus ≤ 20% retries
        console.log(
          `retry budget: ${CONCURRENT} requests in an outage → ${f.upstreamCalls} upstream calls (${CONCURRENT * 4} without the budget), ` +
            `peak ${f.peakUpstream} upstream calls in flight, ` +
            `${f.refused.length} retries refused, max ${f.maxRetriesInFlight} retries in flight (budget limit seen: ${f.maxLimit})`,
        );
        assert.ok(f.maxRetriesInFlight <= Math.max(3, Math.floor(CONCURRENT * 0.2)));
        // the budget bounds retries in flight: the upstreams never see more than the requests + 20% at once
        assert.ok(
          f.peakUpstream <= CONCURRENT + CONCURRENT * 0.2,
          `${f.peakUpstream} upstream calls at once`,
        );
        assert.ok(f.upstreamCalls <= CONCURRENT * 2, `${f.upstreamCalls} upstream calls`);
        assert.ok(f.refused.length >= CONCURRENT / 2, `${f.refused.length} refused`);
        for (const r of f.refused) {
          assert.equal(r.status, 503, 'the last upstream error is answered');
          assert.equal(r.code, 'upstream_overloaded');
        }
        const metrics = await h.metrics();
        const counted = /quadrant_retry_budget_refusals_total (\d+)/.exec(metrics);
        assert.equal(Number(counted?.[1]), f.refused.length);
      } finally {
        await h?.close();
      }
    });

    test('with the budget lifted the same outage makes every attempt (the load the budget sheds)', async () => {
      const h = await startHarness(
        gatewayConfig(a, b, { budget_percent: 100, budget_min_concurrent: 1000 }),
        {
          backend,
        },
      );
      try {
        const f = await outage(h, a, b);
        assert.equal(f.upstreamCalls, CONCURRENT * 4);
        assert.equal(f.refused.length, 0);
      } finally {
        await h?.close();
      }
    });

    test('a single request in an outage still retries and falls back (the minimum of 3)', async () => {
      const h = await startHarness(gatewayConfig(a, b, {}), { backend });
      try {
        a.requests.length = 0;
        b.requests.length = 0;
        a.setFault({ type: 'status', status: 503, times: 2 });
        const r = await h
          .client()
          .chat.completions.create({ model: 'fb', messages: [{ role: 'user', content: 'x' }] });
        assert.ok(r.choices[0].message.content);
        assert.equal(a.requests.length, 2);
        assert.equal(b.requests.length, 1);
      } finally {
        a.clearFaults();
        await h?.close();
      }
    });
  });
}
