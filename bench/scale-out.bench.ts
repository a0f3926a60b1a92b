/**
 * One vs two gateway processes (issue 13): throughput of `quadrant serve` on the embedded SQLite store, one
 * process on PostgreSQL + Redis, two processes on them (requests split evenly), each with a budgeted,
 * rate-limited key (so every request reserves, settles and checks the shared windows) against the fast
 * loopback upstream; then the two-process race: 500 concurrent requests on a budget that fits far fewer,
 * reporting the overspend (must be 0) and whether the ledger sums to the spend.
 *   node --import tsx bench/scale-out.bench.ts [seconds per run, default 6] [concurrency, default 32]
 * Needs PostgreSQL and Redis (QUADRANT_TEST_POSTGRES_URL / QUADRANT_TEST_REDIS_URL, defaults on loopback).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadCatalog } from '../src/catalog/load-catalog.ts';
import { requestCost } from '../src/catalog/request-cost.ts';
import { dec } from '../src/pricing/money.ts';
import { countPromptTokens } from '../src/tokenize/index.ts';
import { postgresBackend } from '../test/support/store-backends.ts';
import { freePort, quadrantArgv, start, stopAll, waitFor } from './bench-kit.ts';

const SECONDS = Number(process.argv[2] ?? 6);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const KEY = 'sk-bench-scale-out-0123456789abcdef';
const SECRET = 'bench-scale-out-installation-secret-0123456789';
const BODY = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hi' }],
  max_tokens: 180,
});

const backend = await postgresBackend();
if (backend.skip) {
  console.error(`scale-out bench needs PostgreSQL and Redis: ${backend.skip}`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'qbench-scale-'));
const upstreamPort = await freePort();
// the upstream reports the prompt tokens OpenAI would count for BODY (the gateway's own count): a compliant provider
const catalog = loadCatalog();
const PROMPT_TOKENS = countPromptTokens('gpt-4o-mini', JSON.parse(BODY), catalog).tokens;
start(process.execPath, ['--import', 'tsx', 'bench/fast-upstream.ts', String(upstreamPort)], {
  BENCH_PROMPT_TOKENS: String(PROMPT_TOKENS),
});
const disposers: Array<() => Promise<void>> = [];

async function gateways(
  name: string,
  processes: number,
  shared: boolean,
  budget: string,
): Promise<{ urls: string[]; database?: string }> {
  const place: { config: Record<string, string>; dispose(): Promise<void> } = shared
    ? await backend.provision()
    : { config: {}, dispose: async () => {} };
  disposers.push(place.dispose);
  const lines = Object.entries(place.config).map(([k, v]) => `${k}: "${v}"`);
  const configFile = join(dir, `${name}.yaml`);
  writeFileSync(
    configFile,
    [
      ...lines,
      `providers: [{ id: oai, kind: openai, base_url: "http://127.0.0.1:${upstreamPort}", api_key: k }]`,
      'models: [{ id: gpt-4o-mini, provider: oai }]',
      `keys: [{ name: bench, key: "${KEY}", rpm: 1000000, budget: { amount: "${budget}", currency: USD, period: month } }]`,
    ].join('\n'),
  );
  const urls: string[] = [];
  for (let i = 0; i < processes; i++) {
    const port = await freePort();
    start(process.execPath, [...quadrantArgv(), 'serve', '--port', String(port), '--config', configFile], {
      QUADRANT_DB: join(dir, `${name}-${i}.db`),
      QUADRANT_SECRET: SECRET,
    });
    urls.push(`http://127.0.0.1:${port}`);
  }
  for (const u of urls)
    await waitFor(`${u}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } }, 60_000);
  return { urls, database: place.config.database };
}

async function call(url: string): Promise<number> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: BODY,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Closed-loop load for `seconds`: CONCURRENCY workers split across the processes. */
async function load(urls: string[], seconds: number): Promise<{ rps: number; errors: number }> {
  const end = Date.now() + seconds * 1000;
  let ok = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      while (Date.now() < end) {
        const status = await call(urls[w % urls.length]).catch(() => 0);
        if (status === 200) ok += 1;
        else errors += 1;
      }
    }),
  );
  return { rps: ok / seconds, errors };
}

const results: Array<{ setup: string; rps: number; errors: number }> = [];
for (const [setup, processes, shared] of [
  ['1 process, SQLite', 1, false],
  ['1 process, PostgreSQL + Redis', 1, true],
  ['2 processes, PostgreSQL + Redis', 2, true],
] as const) {
  const { urls } = await gateways(setup.replace(/\W+/g, '-'), processes, shared, '1000000');
  await load(urls, 1); // warm-up
  const r = await load(urls, SECONDS);
  results.push({ setup, ...r });
  console.log(`${setup}: ${r.rps.toFixed(0)} req/s (${r.errors} errors)`);
}

// the race: a call costs what the catalog says for its tokens today (8 prompt + 180 output tokens of gpt-4o-mini:
// 0.0001092 USD); 0.02 USD fits 183 of 500
const BUDGET = '0.02';
const callCost = requestCost(catalog, {
  model: 'gpt-4o-mini',
  date: new Date().toISOString().slice(0, 10),
  currency: 'USD',
  inputTokens: PROMPT_TOKENS,
  outputTokens: 180,
}).totalCost;
const fit = dec(BUDGET).div(callCost).floor().toNumber();
const race = await gateways('race', 2, true, BUDGET);
const statuses = await Promise.all(
  Array.from({ length: 500 }, (_, i) => call(race.urls[i % 2]).catch(() => 0)),
);
const admitted = statuses.filter((s) => s === 200).length;
const schemaUrl = new URL(race.database!);
const schema = schemaUrl.searchParams.get('schema')!;
schemaUrl.searchParams.delete('schema');
const db = new pg.Client({ connectionString: schemaUrl.toString() });
await db.connect();
await db.query(`SET search_path = ${schema}`);
const usage = (
  await db.query('SELECT spent::text AS spent, reserved::text AS reserved FROM gateway_budget_usage')
).rows[0] as { spent: string; reserved: string };
const ledger = (
  await db.query(
    "SELECT count(*)::int AS n, coalesce(sum(cost), 0)::text AS sum FROM gateway_ledger WHERE outcome = 'ok'",
  )
).rows[0] as { n: number; sum: string };
await db.end();
const overspend = dec(usage.spent).minus(BUDGET);
console.log(
  `race, 2 processes, 500 concurrent on a ${BUDGET} USD budget: ${admitted} admitted (${fit} fit), spent ${usage.spent}, ` +
    `overspend ${overspend.isPositive() && !overspend.isZero() ? overspend.toString() : '0'}, ` +
    `ledger ${ledger.n} rows summing to ${ledger.sum} (${dec(ledger.sum).eq(usage.spent) ? '=' : '≠'} spend)`,
);
console.log('\n| setup | req/s | errors |\n| --- | --- | --- |');
for (const r of results) console.log(`| ${r.setup} | ${r.rps.toFixed(0)} | ${r.errors} |`);
stopAll();
await new Promise((r) => setTimeout(r, 2000));
for (const d of disposers) await d().catch(() => {});
process.exit(0);
