/**
 * Client disconnects reach the upstream within a second (stream and TTFT wait), and are accounted;
 * SIGTERM drains in-flight requests, flushes the ledger and exits 0 (a real `quadrant serve` child process).
 * The disconnects run on each store (embedded SQLite, and PostgreSQL + Redis); the SIGTERM test reads the
 * embedded store's file after the child exits.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import Database from 'better-sqlite3';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const MESSAGES = [{ role: 'user' as const, content: 'a long answer please' }];

/** Polls `fn` until it gives a value; fails the test (with `what`) when none comes within `ms`. */
async function waitFor<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  ms: number,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() >= end) assert.fail(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

for (const backend of await storeBackends()) {
  describe(`client disconnect (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    let emu: EmulatorHandle;
    let h: Harness;
    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('openai');
      h = await startHarness(
        {
          providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
          models: [{ id: 'gpt-4o', provider: 'oai' }],
        },
        { backend },
      );
    });
    after(async () => {
      await h?.close();
      await emu?.close();
    });

    test('aborting a stream mid-way closes the upstream within 1 s and bills what was streamed', async () => {
      emu.setFault({ type: 'stall', afterChunks: 3, times: 1 });
      const controller = new AbortController();
      const stream = await h
        .client()
        .chat.completions.create(
          { model: 'gpt-4o', messages: MESSAGES, stream: true },
          { signal: controller.signal },
        );
      let chunks = 0;
      const aborted = (async () => {
        for await (const _ of stream) {
          chunks += 1;
          if (chunks === 2) {
            controller.abort();
          }
        }
      })().catch(() => undefined);
      const t0 = Date.now();
      await aborted;
      const d = await emu.waitForDisconnect(1000);
      assert.ok(Date.now() - t0 <= 1000, 'upstream saw the close within 1 s');
      assert.ok(d.framesSent >= 2);
      const row = await waitFor(
        'the aborted attempt in the ledger',
        async () => (await h.sql("SELECT * FROM gateway_ledger WHERE outcome = 'aborted'"))[0],
        1000,
      );
      assert.equal(row.status, 499);
      assert.equal(row.usage_estimated, 1);
      assert.ok(Number(row.input_tokens) > 0, 'the prompt is billed');
      assert.ok(Number(row.output_tokens) >= 1, 'streamed deltas are billed');
      assert.notEqual(row.cost, null);
    });

    test('aborting while waiting for the first byte closes the upstream within 1 s', async () => {
      emu.setFault({ type: 'delay', ms: 5000, times: 1 });
      const before = emu.disconnects.length;
      const requestsBefore = emu.requests.length;
      const controller = new AbortController();
      const p = h
        .client()
        .chat.completions.create({ model: 'gpt-4o', messages: MESSAGES }, { signal: controller.signal })
        .then(
          () => 'answered',
          (e: unknown) => (e as Error).constructor.name,
        );
      // the upstream holds the request (slow first byte) once the emulator has it: abort then
      const upstream = await waitFor(
        'the emulator to receive the request',
        () => emu.requests[requestsBefore],
        5000,
      );
      assert.equal(upstream.path, '/v1/chat/completions');
      const t0 = Date.now();
      controller.abort();
      assert.equal(await p, 'APIUserAbortError', 'the client saw its own abort, not an answer');
      const disconnect = await waitFor(
        `the emulator to see the disconnect (${JSON.stringify(emu.requests.map((r) => [r.aborted, r.framesSent]))})`,
        () => emu.disconnects[before],
        1000,
      );
      assert.equal(disconnect.framesSent, 0, 'nothing was sent before the abort');
      assert.ok(Date.now() - t0 <= 1000, `upstream closed ${Date.now() - t0} ms after the abort`);
    });
  });
}

describe('SIGTERM', () => {
  test('drains in-flight requests, flushes the ledger and exits 0', async () => {
    const emu = await startEmulator('openai');
    const dir = mkdtempSync(join(tmpdir(), 'quadrant-drain-'));
    const config = join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      `providers:\n  - { id: oai, kind: openai, base_url: ${emu.url}, api_key: \${EMU_KEY} }\nmodels:\n  - { id: gpt-4o, provider: oai }\n`,
    );
    const db = join(dir, 'q.db');
    const child = spawn(process.execPath, ['bin/quadrant.js', 'serve', '--config', config, '--port', '0'], {
      env: { ...process.env, QUADRANT_DB: db, EMU_KEY: 'sk-emu' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const url = await waitFor(
        `the gateway to start (stdout: ${out} stderr: ${err})`,
        () => /listening on (http:\/\/\S+)/.exec(out)?.[1],
        20_000,
      );
      emu.setFault({ type: 'delay', ms: 1500 });
      let finished = 0;
      const inflight = [1, 2, 3].map(() =>
        fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o', messages: MESSAGES, stream: true }),
        }).then(async (r) => {
          const result = { status: r.status, body: await r.text() };
          finished += 1;
          return result;
        }),
      );
      await waitFor(
        'the emulator to receive the 3 requests',
        () => (emu.requests.length === 3 ? true : undefined),
        5000,
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      await waitFor(
        `the gateway to log that it is draining (stderr: ${err})`,
        () => (/SIGTERM received, draining in-flight requests/.test(err) ? true : undefined),
        5000,
      );
      assert.equal(finished, 0, 'the 3 requests were still in flight when draining began');
      const late = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: '{}' }).then(
        (r) => r.status,
        () => 'refused',
      );
      assert.ok(late === 'refused' || late === 503, `new requests during drain: ${late}`);
      const results = await Promise.all(inflight);
      for (const r of results) {
        assert.equal(r.status, 200);
        assert.match(r.body, /data: \[DONE\]/, 'in-flight streams finished');
      }
      assert.equal(await exited, 0);
      const store = new Database(db, { readonly: true });
      const rows = store.prepare("SELECT COUNT(*) AS n FROM gateway_ledger WHERE outcome = 'ok'").get() as {
        n: number;
      };
      store.close();
      assert.equal(rows.n, 3, 'the ledger was flushed');
    } finally {
      child.kill('SIGKILL');
      await emu.close();
    }
  });
});
