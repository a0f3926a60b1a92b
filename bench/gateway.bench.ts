/**
 * Gateway throughput and added latency, side by side in one run (ratios, since the machine is shared):
 *   direct  — wrk → fast upstream
 *   quadrant — wrk → `quadrant serve` → fast upstream (real config, ledger, cost, metrics)
 *   portkey — wrk → @portkey-ai/gateway 1.15.2 → fast upstream (installed on demand into bench/.deps)
 * Load: wrk (Debian package `wrk`; installed on demand), 1 thread, 32 connections, 1 KB JSON responses;
 * then 1 connection for the added latency. Everything on 127.0.0.1.
 *
 *   node --import tsx bench/gateway.bench.ts [--seconds 10] [--connections 32] [--no-portkey] [--stream]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureTools,
  freePort,
  quadrantArgv,
  start,
  stopAll,
  type WrkResult,
  waitFor,
  wrk as wrkRun,
} from './bench-kit.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const seconds = opt('seconds', 10);
const connections = opt('connections', 32);
const withPortkey = !args.includes('--no-portkey');
const streaming = args.includes('--stream');
const wrk = (url: string, headers: Record<string, string>, body: string, conns: number, secs: number) =>
  wrkRun({ url, headers, body, connections: conns, seconds: secs });

async function main(): Promise<void> {
  const pkPath = ensureTools(withPortkey);
  const [upPort, qPort, pkPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const upstream = `http://127.0.0.1:${upPort}/v1`;
  start(process.execPath, ['--import', 'tsx', 'bench/fast-upstream.ts', String(upPort)]);
  const dir = mkdtempSync(join(tmpdir(), 'qbench-'));
  const config = join(dir, 'gateway.yaml');
  writeFileSync(
    config,
    `currency: USD\nproviders:\n  - { id: up, kind: openai, base_url: ${upstream}, api_key: sk-bench }\nmodels:\n  - { id: gpt-4o-mini, provider: up }\n`,
  );
  start(process.execPath, [...quadrantArgv(), 'serve', '--config', config, '--port', String(qPort)], {
    QUADRANT_DB: join(dir, 'bench.db'),
  });
  if (withPortkey) {
    start(process.execPath, [pkPath, `--port=${pkPort}`, '--headless'], {
      TRUSTED_CUSTOM_HOSTS: 'localhost,127.0.0.1',
    });
  }
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say something about the price war.' }],
    max_tokens: 200,
    ...(streaming ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
  const json = { 'Content-Type': 'application/json', Authorization: 'Bearer sk-bench' };
  const targets: Array<{ name: string; url: string; headers: Record<string, string> }> = [
    { name: 'direct', url: `${upstream}/chat/completions`, headers: json },
    { name: 'quadrant', url: `http://127.0.0.1:${qPort}/v1/chat/completions`, headers: json },
  ];
  if (withPortkey) {
    targets.push({
      name: 'portkey',
      url: `http://127.0.0.1:${pkPort}/v1/chat/completions`,
      headers: { ...json, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstream },
    });
  }
  for (const t of [...targets]) {
    try {
      await waitFor(t.url, { method: 'POST', headers: t.headers, body });
    } catch (err) {
      if (t.name !== 'portkey') throw err;
      // seen with --stream: Portkey 1.15.2 answers 500 "Something went wrong" to this upstream's SSE
      const r = await fetch(t.url, { method: 'POST', headers: t.headers, body }).catch((e: Error) => e);
      const why = r instanceof Error ? r.message : `${r.status} ${(await r.text()).slice(0, 80)}`;
      console.log(`portkey is not measured: it does not answer this request (${why})`);
      targets.splice(targets.indexOf(t), 1);
    }
  }
  console.log(
    `gateway benchmark: ${streaming ? 'SSE stream' : '1 KB JSON'}, ${connections} connections × ${seconds} s, then 1 connection × ${Math.max(3, seconds / 2)} s`,
  );
  const results: Record<string, { load: WrkResult; single: WrkResult }> = {};
  for (const t of targets) {
    wrk(t.url, t.headers, body, connections, 2); // warm-up (JIT, pools)
    const load = wrk(t.url, t.headers, body, connections, seconds);
    const single = wrk(t.url, t.headers, body, 1, Math.max(3, seconds / 2));
    results[t.name] = { load, single };
  }
  const direct = results.direct;
  console.log('\ntarget     req/s   p50 ms   p99 ms  errors | c=1 p50 ms  added ms');
  for (const [name, r] of Object.entries(results)) {
    const added = r.single.p50 - direct.single.p50;
    console.log(
      `${name.padEnd(8)} ${r.load.rps.toFixed(0).padStart(7)} ${r.load.p50.toFixed(2).padStart(8)} ${r.load.p99.toFixed(2).padStart(8)} ${String(r.load.errors).padStart(7)} | ${r.single.p50.toFixed(3).padStart(10)} ${name === 'direct' ? '       —' : added.toFixed(3).padStart(9)}`,
    );
  }
  if (results.portkey) {
    console.log(
      `\nquadrant / portkey throughput: ${(results.quadrant.load.rps / results.portkey.load.rps).toFixed(2)}× (target ≥ 5×)`,
    );
  }
  console.log(`quadrant / direct throughput: ${(results.quadrant.load.rps / direct.load.rps).toFixed(2)}×`);
  console.log(
    `quadrant added latency at c=1: ${(results.quadrant.single.p50 - direct.single.p50).toFixed(3)} ms (target < 1 ms)`,
  );
}

try {
  await main();
} finally {
  stopAll();
}
