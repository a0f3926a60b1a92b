/**
 * Shared pieces of the gateway benchmarks: free ports, child processes, readiness, the load tools (wrk from
 * Debian, @portkey-ai/gateway into bench/.deps — never into the product's dependencies) and wrk's output.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsFresh } from '../bin/dist-is-fresh.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PORTKEY_VERSION = '1.15.2';
const children: ChildProcess[] = [];
let shuttingDown = false;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * `node` arguments that run a tree's `quadrant` as its users do: the V8 flags of bin/quadrant.js's shebang
 * (`#!/usr/bin/env -S node --max-semi-space-size=8`, the same as `npm start`), then the entry point.
 */
export function quadrantArgv(tree = root): string[] {
  ensureBuilt(tree);
  const bin = join(tree, 'bin/quadrant.js');
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0];
  const flags = first.split(/\s+/).filter((w) => w.startsWith('--'));
  return [...flags, bin];
}

const built = new Set<string>();
/**
 * Builds a tree whose dist/ is older than its src/ (scripts/build.mjs): bin/quadrant.js would otherwise run the
 * sources through tsx, slower and ≈ 40 MB bigger than what `npm start` runs, and the figures would be wrong.
 */
export function ensureBuilt(tree = root): void {
  if (built.has(tree)) return;
  built.add(tree);
  if (distIsFresh(tree)) return;
  console.log(`${tree}: dist/ is older than src/, building it first (npm run build)`);
  execFileSync(process.execPath, [join(tree, 'scripts/build.mjs')], { stdio: 'inherit' });
}

/** Starts a child process that is killed by stopAll(); its last stderr is printed if it dies early. */
export function start(cmd: string, argv: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(cmd, argv, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d) => {
    err = (err + d).slice(-4000);
  });
  child.on('exit', (code) => {
    if (code && code !== 0 && !shuttingDown) console.error(`${cmd} ${argv.join(' ')} exited ${code}: ${err}`);
  });
  children.push(child);
  return child;
}

export function stopAll(): void {
  shuttingDown = true;
  for (const c of children) c.kill('SIGTERM');
}

export async function waitFor(url: string, init?: RequestInit, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url, init);
      await r.arrayBuffer();
      if (r.status < 500) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`not ready: ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Installs wrk (Debian) when missing, and Portkey into bench/.deps when asked; returns Portkey's entry point. */
export function ensureTools(withPortkey: boolean): string {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      console.log('installing wrk (Debian package)…');
      execFileSync(
        'bash',
        ['-c', 'apt-get install -y -qq wrk || (apt-get update -qq && apt-get install -y -qq wrk)'],
        { stdio: 'inherit' },
      );
    }
  }
  const pk = join(root, 'bench/.deps/node_modules/@portkey-ai/gateway/build/start-server.js');
  if (withPortkey && !existsSync(pk)) {
    console.log(`installing @portkey-ai/gateway@${PORTKEY_VERSION} into bench/.deps …`);
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefix',
        join(root, 'bench/.deps'),
        `@portkey-ai/gateway@${PORTKEY_VERSION}`,
      ],
      { stdio: 'inherit' },
    );
  }
  return pk;
}

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  /** Responses received (wrk's "N requests in"). */
  requests: number;
  errors: number;
}

function toMs(v: string): number {
  const m = /([\d.]+)(us|ms|s)/.exec(v);
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

export interface WrkRun {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  seconds: number;
  /** Stop after this many responses (the run then lasts at most `seconds`). */
  stopAfter?: number;
}

/** One wrk run (1 thread), POSTing `body`; parses throughput, latency percentiles and errors. */
export function wrk(run: WrkRun): WrkResult {
  const dir = mkdtempSync(join(tmpdir(), 'qbench-'));
  const script = join(dir, 'post.lua');
  const hdrs = Object.entries(run.headers)
    .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
    .join('\n');
  const stop = run.stopAfter
    ? `\nlocal n = 0\nfunction response(status, headers, body)\n  n = n + 1\n  if n >= ${run.stopAfter} then wrk.thread:stop() end\nend\n`
    : '';
  writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${JSON.stringify(run.body)}\n${hdrs}\n${stop}`);
  const out = execFileSync(
    'wrk',
    [
      '-t1',
      `-c${run.connections}`,
      `-d${run.seconds}s`,
      '--timeout',
      '10s',
      '--latency',
      '-s',
      script,
      run.url,
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sockErr = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = non2xx + (sockErr ? sockErr.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return { rps, p50, p99, requests, errors };
}

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
