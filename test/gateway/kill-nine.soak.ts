/**
 * kill -9 under load, N times (issue 10): `quadrant serve` runs as a child with a budgeted key and the ledger on,
 * over the OpenAI emulator (every answer delayed, so calls are in flight); concurrent clients send JSON and
 * streamed chat completions; the child is SIGKILLed mid-load and restarted, N times; a last start settles the
 * calls in flight at the last kill. Then: `PRAGMA integrity_check` is ok, every response a client received in
 * full has its ledger row, the key's spend equals the sum of its ledger rows (interrupted calls at their
 * reserved worst case) and nothing stays reserved.
 *
 *   node --import tsx test/gateway/kill-nine.soak.ts [--cycles 10] [--clients 16]     (npm run soak)
 *
 * Each cycle: start, one JSON and one streamed call (a fresh process compiles its modules), then 1.5–3 s of
 * load from the clients, then SIGKILL.
 *
 * kill-nine.test.ts runs 2 cycles in the normal suite.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { dec } from '../../src/pricing/money.ts';
import { startEmulator } from '../emulators/index.ts';

const KEY = 'sk-kill-nine-soak-0123456789abcdef';
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

export interface KillCycleFigures {
  cycles: number;
  /** Responses received in full (JSON 200 with its body, or a stream up to [DONE]). */
  received: number;
  /** Requests cut by a kill (the client saw an error or an unfinished stream). */
  cut: number;
  /** Received responses without their ledger row (must be 0). */
  lostRows: number;
  ledgerRows: number;
  interruptedRows: number;
  integrity: string;
  spent: string;
  ledgerSum: string;
  reservedLeft: string;
  openReservations: number;
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

function serve(dbPath: string, port: number, configFile: string): Promise<ChildProcess> {
  const p = spawn(
    process.execPath,
    [join(ROOT, 'bin/quadrant.js'), 'serve', '--port', String(port), '--config', configFile],
    {
      cwd: ROOT,
      env: { ...process.env, QUADRANT_DB: dbPath, QUADRANT_FROM_SOURCE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    p.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('listening on')) done(p);
    });
    p.stderr!.on('data', (d) => (err += d));
    p.once('exit', (code) => fail(new Error(`serve exited ${code} before listening: ${err.slice(-500)}`)));
  });
}

/** One chat completion (JSON or streamed): the request id when its response was received in full. */
async function oneRequest(url: string, stream: boolean, tag: string): Promise<string | undefined> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: `soak ${tag}` }],
      max_tokens: 50,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    }),
  });
  const text = await res.text();
  const id = res.headers.get('x-request-id');
  const complete = stream ? text.includes('data: [DONE]') : res.status === 200 && text.endsWith('}');
  if (res.status === 200 && complete && id) return id;
  if (process.env.SOAK_DEBUG) console.error(res.status, text.slice(0, 300));
  return undefined;
}

/** One client: requests back to back until `stopped()`; ids of the responses received in full. */
async function client(
  url: string,
  index: number,
  stopped: () => boolean,
  received: string[],
): Promise<number> {
  let cut = 0;
  for (let i = 0; !stopped(); i++) {
    try {
      const id = await oneRequest(url, (index + i) % 2 === 0, `${index}/${i}`);
      if (id) received.push(id);
      else cut++;
    } catch {
      cut++;
      if (stopped()) break;
      await new Promise((r) => setTimeout(r, 20)); // the gateway is down until the next start
    }
  }
  return cut;
}

export async function runKillCycles(options: {
  cycles: number;
  clients?: number;
  /** Load before each kill, ms (a random time in [min, max]). */
  loadMs?: [number, number];
  log?: (line: string) => void;
  /** The config's ledger_durability (default: the default, 'normal'). */
  durability?: 'full' | 'normal';
}): Promise<KillCycleFigures> {
  const clients = options.clients ?? 16;
  const [minLoad, maxLoad] = options.loadMs ?? [1500, 3000];
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'quadrant-kill9-'));
  const emu = await startEmulator('openai');
  emu.setFault({ type: 'delay', ms: 40 });
  emu.setUsage({ inputTokens: 12, outputTokens: 40 });
  const dbPath = join(dir, 'q.db');
  const configFile = join(dir, 'gateway.yaml');
  writeFileSync(
    configFile,
    (options.durability ? `ledger_durability: ${options.durability}\n` : '') +
      `providers: [{ id: oai, kind: openai, base_url: "${emu.url}", api_key: k }]\n` +
      'models: [{ id: gpt-4o-mini, provider: oai }]\n' +
      `keys: [{ name: soak, key: "${KEY}", budget: { amount: "1000", currency: USD, period: month } }]\n`,
  );
  const received: string[] = [];
  let cut = 0;
  try {
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      const port = await freePort();
      const gateway = await serve(dbPath, port, configFile);
      let stop = false;
      const exited = new Promise((r) => gateway.once('exit', r));
      // one call first: a fresh process from the sources compiles its modules on the first request
      for (const stream of [false, true]) {
        const first = await oneRequest(`http://127.0.0.1:${port}`, stream, `warm ${cycle}`);
        if (first) received.push(first);
      }
      const load = Array.from({ length: clients }, (_, i) =>
        client(`http://127.0.0.1:${port}`, i, () => stop, received),
      );
      const before = received.length;
      await new Promise((r) => setTimeout(r, minLoad + Math.random() * (maxLoad - minLoad)));
      gateway.kill('SIGKILL');
      await exited;
      stop = true;
      for (const n of await Promise.all(load)) cut += n;
      log(`cycle ${cycle}: ${received.length - before} responses received in full, then kill -9`);
    }
    // a last start settles the calls in flight at the last kill; then a graceful stop
    const last = await serve(dbPath, await freePort(), configFile);
    const exited = new Promise((r) => last.once('exit', r));
    last.kill('SIGTERM');
    await exited;
    return check(dbPath, options.cycles, received, cut);
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function check(dbPath: string, cycles: number, received: string[], cut: number): KillCycleFigures {
  const db = new Database(dbPath, { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>)
      .map((r) => r.integrity_check)
      .join('; ');
    const okIds = new Set(
      (
        db.prepare("SELECT request_id FROM gateway_ledger WHERE outcome = 'ok'").all() as Array<{
          request_id: string;
        }>
      ).map((r) => r.request_id),
    );
    const rows = db
      .prepare("SELECT cost, outcome FROM gateway_ledger WHERE key_name = 'soak'")
      .all() as Array<{
      cost: string | null;
      outcome: string;
    }>;
    const ledgerSum = rows.reduce((s, r) => (r.cost ? s.plus(r.cost) : s), dec(0));
    const usage = db
      .prepare(
        "SELECT spent, reserved FROM gateway_budget_usage WHERE key_id = (SELECT id FROM gateway_keys WHERE name = 'soak')",
      )
      .get() as { spent: string; reserved: string };
    const open = (db.prepare('SELECT COUNT(*) AS n FROM gateway_reservations').get() as { n: number }).n;
    return {
      cycles,
      received: received.length,
      cut,
      lostRows: received.filter((id) => !okIds.has(id)).length,
      ledgerRows: rows.length,
      interruptedRows: rows.filter((r) => r.outcome === 'interrupted').length,
      integrity,
      spent: usage.spent,
      ledgerSum: ledgerSum.toString(),
      reservedLeft: usage.reserved,
      openReservations: open,
    };
  } finally {
    db.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const t0 = performance.now();
  const figures = await runKillCycles({
    cycles: opt('cycles', 10),
    clients: opt('clients', 16),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(figures, null, 2));
  const ok =
    figures.integrity === 'ok' &&
    figures.lostRows === 0 &&
    dec(figures.spent).eq(figures.ledgerSum) &&
    dec(figures.reservedLeft).isZero() &&
    figures.openReservations === 0;
  console.log(
    `${figures.cycles} kill -9 cycles in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${figures.received} responses received in full, ` +
      `${figures.lostRows} ledger rows lost, ${figures.interruptedRows} interrupted calls settled at their worst case, ` +
      `integrity ${figures.integrity}, spend ${figures.spent} = ledger ${figures.ledgerSum}: ${ok ? 'PASS' : 'FAIL'}`,
  );
  process.exit(ok ? 0 : 1);
}
