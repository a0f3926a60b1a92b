/**
 * Gateway performance with a real configuration (issue 12), side by side in one run, medians of --runs runs:
 *   direct         — wrk → fast loopback upstream
 *   node-floor     — bench/node-floor-proxy.ts: the least any Node.js gateway does (http server, JSON.parse, undici
 *                    pool, JSON.parse of the answer), with Quadrant's V8 flags; JSON at 32 and 1 connections. What a Node 20
 *                    process can reach on this machine, so a target above it is a target for no Node gateway
 *   quadrant-min   — one model, no key
 *   quadrant-real  — a key with a budget and an rpm limit, a `cheapest` route over two catalog-priced models with an
 *                    SLO, ledger and metrics on (the way a SaaS team runs it)
 *   portkey        — @portkey-ai/gateway 1.15.2 (installed into bench/.deps on first run)
 *   quadrant-fixed / quadrant-router — the realistic server and key, through a `fixed` route and a `router` route
 *                    (a router.json trained here, as in test/gateway/router-strategy.test.ts) over the same two
 *                    models: JSON at 32 and 1 connections; the report gives router ÷ fixed (issue 14: ≥ 0.90)
 * Loads: 1 KB JSON at 32 and 256 connections, SSE (20 content chunks) at 32, JSON at 1 connection (added latency),
 * time to first content byte of a stream at 1 connection; RSS of quadrant-real after start, after 100k and after a
 * second 100k requests; then exactly --ledger-requests requests whose ledger rows are counted (must be one each).
 * Writes bench/RESULTS.md (machine, Node, date, medians and ratios).
 *
 *   node --import tsx bench/gateway-realistic.bench.ts [--runs 3] [--seconds 5] [--rss-requests 100000]
 *        [--ledger-requests 2000] [--no-portkey] [--out bench/RESULTS.md]
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Agent as UndiciAgent, request as undiciRequest } from 'undici';
import { writeRouterFile } from '../src/router/router-file.ts';
import { trainSuccessModel } from '../src/router/success-model.ts';
import {
  ensureTools,
  freePort,
  median,
  quadrantArgv,
  root,
  rssMb,
  start,
  stopAll,
  type WrkResult,
  waitFor,
  wrk,
} from './bench-kit.ts';
import { type LoadId, report } from './realistic-report.ts';
import { tenModelRss } from './ten-model-rss.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const runs = opt('runs', 3);
const seconds = opt('seconds', 5);
const rssRequests = opt('rss-requests', 100_000);
const ledgerRequests = opt('ledger-requests', 2000);
const withPortkey = !args.includes('--no-portkey');
const outIdx = args.indexOf('--out');
const outFile = outIdx >= 0 ? args[outIdx + 1] : join(root, 'bench/RESULTS.md');
const KEY = 'qk-bench-realistic-0123456789abcdef';

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  model: string;
  pid?: number;
  /** Only these loads (default: all). */
  only?: readonly LoadId[];
}

const body = (model: string, stream: boolean) =>
  JSON.stringify({
    model,
    messages: [{ role: 'user', content: 'Say something about the price war.' }],
    max_tokens: 200,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });

/** A router.json as `quadrant router train` writes it (hard prompts → the second candidate). */
function writeRouter(path: string): void {
  const examples = Array.from({ length: 400 }, (_, i) => {
    const hard = i % 2 === 0;
    return {
      prompt: hard
        ? `Compute the integral of x^${i % 9} + ${i}x from 0 to ${i % 13} and give the exact value`
        : `Name the capital city of country number ${i}`,
      scores: [hard ? 0 : 1, 1],
    };
  });
  const model = trainSuccessModel(examples, ['weak', 'strong'], { bits: 14, epochs: 4, seed: 3 });
  writeRouterFile(path, {
    model,
    training: { examples: 400, seed: 3, epochs: 4, learning_rate: 0.05, l2: 1e-6, source: 'bench' },
  });
}

function writeConfigs(dir: string, upstream: string): { min: string; real: string } {
  const provider = `providers:\n  - { id: up, kind: openai, base_url: ${upstream}, api_key: sk-bench }\n`;
  const min = join(dir, 'minimal.yaml');
  writeFileSync(min, `currency: USD\n${provider}models:\n  - { id: gpt-4o-mini, provider: up }\n`);
  writeRouter(join(dir, 'router.json'));
  const real = join(dir, 'realistic.yaml');
  writeFileSync(
    real,
    `currency: USD
${provider}models:
  - { id: gpt-4o-mini, provider: up }
  - { id: gpt-4.1-nano, provider: up }
routes:
  - id: smart
    strategy: cheapest
    candidates: [gpt-4o-mini, gpt-4.1-nano]
    slo: { p95_latency_ms: 5000, max_error_rate: 0.05 }
  - { id: fixed, strategy: fixed, candidates: [gpt-4o-mini] }
  - { id: routed, strategy: router, candidates: [gpt-4o-mini, gpt-4.1-nano], router: router.json, threshold: 0.2 }
keys:
  - { name: bench, key: ${KEY}, budget: { amount: "1000000000", currency: USD, period: month }, rpm: 100000000 }
`,
  );
  return { min, real };
}

/** Milliseconds from sending a streaming request to the first byte of content, median of n sequential calls. */
async function firstContentMs(t: Target, n: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const u = new URL(t.url);
  const payload = body(t.model, true);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    times.push(
      await new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        let seen = Number.NaN;
        let text = '';
        const req = httpRequest(
          { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: t.headers, agent },
          (res) => {
            res.setEncoding('utf8');
            res.on('data', (d: string) => {
              text += d;
              if (Number.isNaN(seen) && text.includes('token0')) seen = performance.now() - t0;
            });
            res.on('end', () => resolve(seen));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      }),
    );
  }
  agent.destroy();
  return median(times);
}

/** Sends exactly n requests (32 at a time, fresh connections) and returns their x-request-id headers and non-200 count. */
async function sendExactly(t: Target, n: number): Promise<{ ids: string[]; failed: number }> {
  const dispatcher = new UndiciAgent({ connections: 32 });
  const ids: string[] = [];
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const r = await undiciRequest(t.url, {
        method: 'POST',
        headers: t.headers,
        body: body(t.model, false),
        dispatcher,
      });
      await r.body.arrayBuffer();
      if (r.statusCode !== 200) failed++;
      const id = r.headers['x-request-id'];
      if (typeof id === 'string') ids.push(id);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await dispatcher.close();
  return { ids, failed };
}

const LOADS: ReadonlyArray<{ id: LoadId; stream: boolean; connections: number }> = [
  { id: 'json-c32', stream: false, connections: 32 },
  { id: 'json-c256', stream: false, connections: 256 },
  { id: 'sse-c32', stream: true, connections: 32 },
  { id: 'json-c1', stream: false, connections: 1 },
];

async function main(): Promise<void> {
  const pkPath = ensureTools(withPortkey);
  const load0 = loadavg()[0];
  const [upPort, minPort, realPort, pkPort, floorPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const upstream = `http://127.0.0.1:${upPort}/v1`;
  start(process.execPath, ['--import', 'tsx', 'bench/fast-upstream.ts', String(upPort), '20']);
  const dir = mkdtempSync(join(tmpdir(), 'qbench-real-'));
  const cfg = writeConfigs(dir, upstream);
  const realDb = join(dir, 'real', 'quadrant.db');
  const serve = (config: string, port: number, db: string) =>
    start(process.execPath, [...quadrantArgv(), 'serve', '--config', config, '--port', String(port)], {
      QUADRANT_DB: db,
    });
  const floor = start(process.execPath, [
    ...quadrantArgv().slice(0, -1),
    '--import',
    'tsx',
    'bench/node-floor-proxy.ts',
    String(floorPort),
    `http://127.0.0.1:${upPort}`,
  ]);
  const qMin = serve(cfg.min, minPort, join(dir, 'min', 'quadrant.db'));
  const qReal = serve(cfg.real, realPort, realDb);
  if (withPortkey)
    start(process.execPath, [pkPath, `--port=${pkPort}`, '--headless'], {
      TRUSTED_CUSTOM_HOSTS: 'localhost,127.0.0.1',
    });

  const json = { 'Content-Type': 'application/json', Authorization: 'Bearer sk-bench' };
  const targets: Target[] = [
    { name: 'direct', url: `${upstream}/chat/completions`, headers: json, model: 'gpt-4o-mini' },
    {
      name: 'node-floor',
      url: `http://127.0.0.1:${floorPort}/v1/chat/completions`,
      headers: json,
      model: 'gpt-4o-mini',
      pid: floor.pid,
      only: ['json-c32', 'json-c1'],
    },
    {
      name: 'quadrant-min',
      url: `http://127.0.0.1:${minPort}/v1/chat/completions`,
      headers: json,
      model: 'gpt-4o-mini',
      pid: qMin.pid,
    },
    {
      name: 'quadrant-real',
      url: `http://127.0.0.1:${realPort}/v1/chat/completions`,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${KEY}` },
      model: 'smart',
      pid: qReal.pid,
    },
  ];
  for (const [name, model] of [
    ['quadrant-fixed', 'fixed'],
    ['quadrant-router', 'routed'],
  ] as const)
    targets.push({
      ...(targets.find((t) => t.name === 'quadrant-real') as Target),
      name,
      model,
      only: ['json-c32', 'json-c1'],
    });
  if (withPortkey) {
    targets.push({
      name: 'portkey',
      url: `http://127.0.0.1:${pkPort}/v1/chat/completions`,
      headers: { ...json, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstream },
      model: 'gpt-4o-mini',
    });
  }
  for (const t of targets) {
    await waitFor(t.url, { method: 'POST', headers: t.headers, body: body(t.model, false) });
  }
  // read 1 s after the first requests, as ten-model-rss.ts does: the compilations they started have ended
  await new Promise((r) => setTimeout(r, 1000));
  const rssStart: Record<string, number> = {};
  for (const t of targets)
    if (t.pid && t.name.startsWith('quadrant') && !t.only) rssStart[t.name] = rssMb(t.pid);
  // Portkey 1.15.2 answers 500 to this upstream's SSE (seen in earlier runs): measure what it serves.
  const sseOk: Record<string, boolean> = {};
  for (const t of targets) {
    if (t.only && !t.only.includes('sse-c32')) continue;
    const r = await fetch(t.url, { method: 'POST', headers: t.headers, body: body(t.model, true) });
    sseOk[t.name] = r.status === 200 && (await r.text()).includes('token19');
  }

  const cells: Record<string, Record<LoadId, WrkResult[]>> = {};
  const ttfb: Record<string, number[]> = {};
  for (let run = 1; run <= runs; run++) {
    console.log(`run ${run}/${runs} (load average ${loadavg()[0].toFixed(2)})`);
    for (const t of targets) {
      cells[t.name] ??= { 'json-c32': [], 'json-c256': [], 'sse-c32': [], 'json-c1': [] };
      wrk({ url: t.url, headers: t.headers, body: body(t.model, false), connections: 32, seconds: 1 }); // warm-up
      for (const l of LOADS) {
        if (l.stream && !sseOk[t.name]) continue;
        if (t.only && !t.only.includes(l.id)) continue;
        cells[t.name][l.id].push(
          wrk({
            url: t.url,
            headers: t.headers,
            body: body(t.model, l.stream),
            connections: l.connections,
            seconds,
          }),
        );
      }
      if (sseOk[t.name] && t.name !== 'portkey' && !t.only) {
        ttfb[t.name] ??= [];
        ttfb[t.name].push(await firstContentMs(t, 200));
      }
    }
  }

  const real = targets.find((t) => t.name === 'quadrant-real') as Target;
  console.log(`RSS phase: ${rssRequests} + ${rssRequests} requests to quadrant-real`);
  // wrk's thread:stop() ends sending after n responses but wrk still waits for -d: size -d from the measured rate
  const rate = median(cells[real.name]['json-c32'].map((c) => c.rps));
  const rssPhase = (n: number) =>
    wrk({
      url: real.url,
      headers: real.headers,
      body: body(real.model, false),
      connections: 32,
      seconds: Math.min(600, Math.ceil((1.3 * n) / (Number.isFinite(rate) && rate > 0 ? rate : 1000)) + 1),
      stopAfter: n,
    });
  const first = rssPhase(rssRequests);
  const rss100k = rssMb(real.pid as number);
  const second = rssPhase(rssRequests);
  const rss200k = rssMb(real.pid as number);
  console.log(
    `RSS ${rss100k.toFixed(0)} / ${rss200k.toFixed(0)} MB; ledger check: ${ledgerRequests} requests`,
  );

  const db = new Database(realDb, { readonly: true });
  const countRows = () => (db.prepare('SELECT COUNT(*) AS n FROM gateway_ledger').get() as { n: number }).n;
  const before = countRows();
  const sent = await sendExactly(real, ledgerRequests);
  const after = countRows();
  const placeholders = sent.ids.map(() => '?').join(',');
  const found = sent.ids.length
    ? (
        db
          .prepare(
            `SELECT COUNT(DISTINCT request_id) AS n FROM gateway_ledger WHERE request_id IN (${placeholders})`,
          )
          .get(...sent.ids) as { n: number }
      ).n
    : 0;
  db.close();
  console.log('ten-model config: RSS after start and after a request to each model');
  const ten = await tenModelRss(upstream, dir);

  const lines = report({
    targets: targets.map((t) => t.name),
    cells,
    ttfb,
    rssStart,
    rss100k,
    rss200k,
    rssErrors: first.errors + second.errors,
    ledger: { sent: ledgerRequests, failed: sent.failed, rows: after - before, found },
    ten,
    load0,
    runs,
    seconds,
    rssRequests,
  });
  console.log(lines.join('\n'));
  writeFileSync(outFile, `${lines.join('\n')}\n`);
  console.log(`\nwritten: ${outFile}`);
}

try {
  await main();
} finally {
  stopAll();
}
