/**
 * Issue 10's fault matrix: every provider emulator × every upstream fault, through the gateway over real HTTP.
 * A cell passes when the client gets the expected outcome (a retried success, or a clear OpenAI-shaped error
 * with the expected status; for streams an in-band error frame after the first bytes), every attempt has its
 * ledger row, and no budget reservation is left behind. The table of cells is printed. Runs on each store:
 * embedded SQLite, and PostgreSQL + Redis (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';
import { dec } from '../../src/pricing/money.ts';
import type { ProviderKind } from '../../src/providers/types.ts';
import type { Fault } from '../emulators/emulator-types.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { catalogWithEmbeddings, type Harness, startHarness, today } from './gateway-harness.ts';

const KEY = 'sk-fault-matrix-0123456789abc';

const PROVIDERS: Array<{ label: string; kind: ProviderKind; model: string; native?: boolean }> = [
  { label: 'openai', kind: 'openai', model: 'gpt-4o-mini' },
  { label: 'anthropic', kind: 'anthropic', model: 'claude-haiku-4-5' },
  { label: 'gemini', kind: 'gemini', model: 'gemini-2.5-flash' },
  { label: 'deepseek', kind: 'deepseek', model: 'deepseek-chat' },
  { label: 'zhipu', kind: 'zhipu', model: 'glm-4.6' },
  { label: 'ark', kind: 'ark', model: 'doubao-seed-1.6' },
  { label: 'dashscope', kind: 'dashscope', model: 'qwen-plus' },
  { label: 'dashscope-native', kind: 'dashscope', model: 'qwen-plus', native: true },
  { label: 'compatible', kind: 'openai-compatible', model: 'kimi-k2-0905-preview' },
];

interface Cell {
  name: string;
  stream: boolean;
  /** Faults to set before the request (each applies `times`). */
  faults?: Fault[];
  /** The provider's address is a closed port. */
  refused?: boolean;
  /** Expected client status; for streams the HTTP status of the response. */
  status: number;
  /** Streams: the body ends with an in-band error frame. */
  inBandError?: boolean;
  /** Attempts expected in the ledger. */
  attempts: number;
}

const CELLS: Cell[] = [
  {
    name: '429 + retry-after',
    stream: false,
    faults: [{ type: 'status', status: 429, retryAfter: 1, times: 1 }],
    status: 200,
    attempts: 2,
  },
  {
    name: '500',
    stream: false,
    faults: [{ type: 'status', status: 500, times: 1 }],
    status: 200,
    attempts: 2,
  },
  {
    name: '503',
    stream: false,
    faults: [{ type: 'status', status: 503, times: 1 }],
    status: 200,
    attempts: 2,
  },
  {
    name: '529',
    stream: false,
    faults: [{ type: 'status', status: 529, times: 1 }],
    status: 200,
    attempts: 2,
  },
  { name: 'refused', stream: false, refused: true, status: 502, attempts: 2 },
  {
    name: 'reset before headers',
    stream: false,
    faults: [{ type: 'reset', times: 1 }],
    status: 200,
    attempts: 2,
  },
  {
    name: 'slow first byte',
    stream: false,
    faults: [{ type: 'delay', ms: 1500, times: 2 }],
    status: 504,
    attempts: 2,
  },
  {
    name: 'stall mid-stream',
    stream: true,
    faults: [{ type: 'stall', afterChunks: 2, times: 1 }],
    status: 200,
    inBandError: true,
    attempts: 1,
  },
  {
    name: 'truncated stream',
    stream: true,
    faults: [{ type: 'truncate', afterChunks: 2, times: 1 }],
    status: 200,
    inBandError: true,
    attempts: 1,
  },
  { name: 'malformed JSON', stream: false, faults: [{ type: 'broken', times: 2 }], status: 502, attempts: 2 },
  {
    name: 'wrong content-type',
    stream: false,
    faults: [
      {
        type: 'status',
        status: 200,
        body: '<html><body>Service temporarily unavailable</body></html>',
        headers: { 'content-type': 'text/html' },
        times: 2,
      },
    ],
    status: 502,
    attempts: 2,
  },
];

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function ledgerCount(h: Harness): Promise<number> {
  return Number((await h.sql<{ n: number }>('SELECT COUNT(*) AS n FROM gateway_ledger'))[0].n);
}

async function runCell(h: Harness, emu: EmulatorHandle, model: string, cell: Cell): Promise<void> {
  emu.clearFaults();
  for (const f of cell.faults ?? []) emu.setFault(f);
  const before = await ledgerCount(h);
  const started = Date.now();
  const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({
      model,
      messages: [{ role: 'user', content: 'one two three four five six seven eight' }],
      max_tokens: 50,
      stream: cell.stream,
      ...(cell.stream ? { stream_options: { include_usage: true } } : {}),
    }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  emu.clearFaults();
  const took = Date.now() - started;
  assert.equal(res.status, cell.status, `${cell.name}: ${text.slice(0, 300)}`);
  if (cell.status !== 200) {
    const err = JSON.parse(text) as { error: { message: string; type: string; code: string } };
    assert.ok(err.error.code && err.error.type && err.error.message, 'an OpenAI-shaped error');
    assert.ok(!/127\.0\.0\.1|localhost/.test(err.error.message), `no internal address: ${err.error.message}`);
  } else if (cell.stream) {
    const frames = text.split('\n\n').filter((f) => f.startsWith('data: '));
    const last = frames.at(-1) ?? '';
    if (cell.inBandError) assert.match(last, /"error"/, 'ends with an in-band error frame');
    assert.ok(!text.includes('[DONE]') || !cell.inBandError);
  } else {
    const body = JSON.parse(text) as { choices: unknown[] };
    assert.ok(body.choices.length > 0);
  }
  // the ledger commits before the response ends
  const after = await ledgerCount(h);
  assert.equal(after - before, cell.attempts, `${cell.name}: ledger rows`);
  const reserved = await h.sql<{ reserved: string }>('SELECT reserved FROM gateway_budget_usage');
  assert.ok(
    reserved.every((r) => dec(r.reserved).eq(0)),
    'no reservation left',
  );
  assert.ok(took < 12_000, `${cell.name} took ${took} ms`);
}

for (const backend of await storeBackends()) {
  const results = new Map<string, Map<string, string>>();
  describe(`fault matrix: every provider emulator × every upstream fault (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    after(() => {
      if (backend.skip) return;
      const names = CELLS.map((c) => c.name);
      const width = Math.max(...PROVIDERS.map((p) => p.label.length));
      const lines = [`${'provider'.padEnd(width)} | ${names.join(' | ')}`];
      let passed = 0;
      let total = 0;
      for (const p of PROVIDERS) {
        const row = results.get(p.label) ?? new Map();
        const cells = names.map((n) => {
          const r = row.get(n) ?? 'not run';
          total++;
          if (r === 'pass') passed++;
          return r.padEnd(n.length);
        });
        lines.push(`${p.label.padEnd(width)} | ${cells.join(' | ')}`);
      }
      lines.push(`fault matrix (${backend.name}): ${passed}/${total} cells passed`);
      console.log(lines.join('\n'));
    });

    for (const p of PROVIDERS) {
      it(p.label, { skip: backend.skip }, async () => {
        const emu = await startEmulator(p.kind);
        const catalog = catalogWithEmbeddings();
        const currency = catalog.priceOn(p.model, today()).point.currency;
        const refusedUrl = `http://127.0.0.1:${await closedPort()}/v1`;
        const base = p.native ? emu.nativeUrl! : emu.url;
        const config = (url: string) => ({
          currency,
          retry: {
            attempts_per_upstream: 2,
            max_attempts: 2,
            backoff_base_ms: 5,
            backoff_cap_ms: 20,
            max_retry_after_ms: 2000,
          },
          timeouts: { first_byte_ms: 500, idle_ms: 500, connect_ms: 500 },
          outlier: { consecutive_failures: 1000 },
          providers: [{ id: 'up', kind: p.kind, base_url: url, api_key: 'sk-secret-upstream-key' }],
          models: [{ id: p.model, provider: 'up' }],
          keys: [{ name: 'm', key: KEY, budget: { amount: '1000', currency, period: 'month' as const } }],
        });
        const h = await startHarness(config(base), { catalog, backend });
        const hRefused = await startHarness(config(p.native ? `${refusedUrl}/api/v1` : refusedUrl), {
          catalog,
          backend,
        });
        const row = new Map<string, string>();
        results.set(p.label, row);
        const failures: string[] = [];
        try {
          for (const cell of CELLS) {
            try {
              await runCell(cell.refused ? hRefused : h, emu, p.model, cell);
              row.set(cell.name, 'pass');
            } catch (err) {
              row.set(cell.name, 'FAIL');
              failures.push(`${cell.name}: ${(err as Error).message}`);
            }
          }
        } finally {
          await h.close();
          await hRefused.close();
          await emu.close();
        }
        assert.deepEqual(failures, []);
      });
    }
  });
}
