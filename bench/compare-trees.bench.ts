/**
 * This checkout against another checkout of Quadrant (e.g. a commit before a refactor), side by side in one run:
 * both gateways serve the same minimal config against the same fast upstream, and wrk measures them in
 * alternation (A B A B …), so a noisy machine slows both alike. Prints req/s per round, the medians, the ratio,
 * and the added latency at one connection.
 *
 *   git worktree add ../quadrant-before <commit> && (cd ../quadrant-before && npm ci)
 *   node --import tsx bench/compare-trees.bench.ts --other ../quadrant-before [--this ../quadrant-after] [--rounds 5] [--seconds 5]
 *
 * `--this` measures another checkout in place of this one (e.g. a refactor commit against its own parent).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureTools, freePort, quadrantArgv, root, start, stopAll, waitFor, wrk } from './bench-kit.ts';

const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const other = value('other');
const self = value('this');
const rounds = Number(value('rounds') ?? 5);
const seconds = Number(value('seconds') ?? 5);
const connections = Number(value('connections') ?? 32);

/** CPU time (user + system, all threads) the process has used, in ms — from /proc, so Linux only. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  if (!other || !existsSync(join(other, 'bin/quadrant.js'))) {
    console.error('compare-trees: --other <path to another Quadrant checkout, with npm ci done> is required');
    process.exit(2);
  }
  ensureTools(false);
  if (self && !existsSync(join(self, 'bin/quadrant.js'))) {
    console.error('compare-trees: --this must be a Quadrant checkout with npm ci done');
    process.exit(2);
  }
  const trees = { this: self ? resolve(self) : root, other: resolve(other) };
  const upPort = await freePort();
  start(process.execPath, ['--import', 'tsx', 'bench/fast-upstream.ts', String(upPort)]);
  const dir = mkdtempSync(join(tmpdir(), 'qbench-ab-'));
  const config = join(dir, 'gateway.yaml');
  writeFileSync(
    config,
    `currency: USD\nproviders:\n  - { id: up, kind: openai, base_url: http://127.0.0.1:${upPort}/v1, api_key: sk-bench }\nmodels:\n  - { id: gpt-4o-mini, provider: up }\n`,
  );
  const ports: Record<string, number> = {};
  const pids: Record<string, number> = {};
  for (const [name, tree] of Object.entries(trees)) {
    ports[name] = await freePort();
    pids[name] = start(
      process.execPath,
      [...quadrantArgv(tree), 'serve', '--config', config, '--port', String(ports[name])],
      { QUADRANT_DB: join(dir, `${name}.db`) },
    ).pid!;
  }
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say something about the price war.' }],
    max_tokens: 200,
  });
  const headers = { 'content-type': 'application/json' };
  const urls = Object.fromEntries(
    Object.entries(ports).map(([n, p]) => [n, `http://127.0.0.1:${p}/v1/chat/completions`]),
  );
  await waitFor(`http://127.0.0.1:${upPort}/v1/chat/completions`, { method: 'POST', body, headers });
  for (const url of Object.values(urls)) await waitFor(url, { method: 'POST', body, headers });
  for (const url of Object.values(urls)) wrk({ url, headers, body, connections, seconds: 2 }); // warm-up

  const rps: Record<string, number[]> = { this: [], other: [] };
  const p99: Record<string, number[]> = { this: [], other: [] };
  const single: Record<string, number[]> = { this: [], other: [] };
  // CPU µs per request: what the gateway itself spends, much less sensitive to a busy machine than req/s
  const cpuPerRequest: Record<string, number[]> = { this: [], other: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['this', 'other'] : ['other', 'this'];
    for (const name of order) {
      const cpuBefore = cpuMs(pids[name]);
      const res = wrk({ url: urls[name], headers, body, connections, seconds });
      cpuPerRequest[name].push(((cpuMs(pids[name]) - cpuBefore) * 1000) / res.requests);
      rps[name].push(res.rps);
      p99[name].push(res.p99);
      single[name].push(wrk({ url: urls[name], headers, body, connections: 1, seconds: 2 }).p50);
    }
    console.log(
      `round ${r + 1}: this ${rps.this[r].toFixed(0)} req/s ${cpuPerRequest.this[r].toFixed(0)} µs CPU/req, other ${rps.other[r].toFixed(0)} req/s ${cpuPerRequest.other[r].toFixed(0)} µs CPU/req (${(rps.this[r] / rps.other[r]).toFixed(3)}×)`,
    );
  }
  const row = (name: string) =>
    `| ${name} (${trees[name as 'this' | 'other']}) | ${median(rps[name]).toFixed(0)} | ${median(cpuPerRequest[name]).toFixed(0)} | ${median(p99[name]).toFixed(2)} | ${median(single[name]).toFixed(3)} |`;
  console.log(
    '\n| tree | req/s (c=32, median) | CPU µs per request | p99 ms | p50 ms at c=1 |\n|---|---|---|---|---|',
  );
  console.log(row('this'));
  console.log(row('other'));
  const ratios = rps.this.map((x, i) => x / rps.other[i]);
  console.log(`\nthis / other throughput: median ${median(ratios).toFixed(3)}× over ${rounds} rounds`);
  console.log(
    `this / other CPU per request: ${(median(cpuPerRequest.this) / median(cpuPerRequest.other)).toFixed(3)}×`,
  );
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(stopAll);
