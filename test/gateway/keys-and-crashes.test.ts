/**
 * Issue 10, attacks 4, 8 and the crash/port parts of 9, replayed: config keys keep their spend and revocation
 * across restarts; keys are stored as HMAC-SHA256 under the installation secret with no clear prefix; short config
 * keys are refused; calls in flight at a kill -9 are settled at their reserved worst case ('interrupted');
 * `serve` exits 1 when its port is taken.
 *
 * Embedded store only: each case is a property of the SQLite store's files — restarts on one database file, the
 * installation secret file (0600) beside it, a pre-HMAC SQLite schema, and kill -9 with the reservations in the
 * file. Their PostgreSQL counterparts are store-level: shared spend and revocation in scale-out.test.ts and
 * budgets-and-limits.test.ts (postgres), dead-process reconciliation in store-migrate.test.ts.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { validateConfig } from '../../src/gateway/config/load-config.ts';
import { KeyStore } from '../../src/gateway/keys/key-store.ts';
import { startGateway } from '../../src/gateway/start-gateway.ts';
import { dec } from '../../src/pricing/money.ts';
import { openStore } from '../../src/store/open-store.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';

const KEY = 'sk-restart-proof-key-0123456789';
const MESSAGES = [{ role: 'user' as const, content: 'hi there' }];
const catalog = loadCatalog();

function config(emuUrl: string, keys: unknown[]) {
  return validateConfig(
    {
      providers: [{ id: 'oai', kind: 'openai', base_url: emuUrl, api_key: 'k' }],
      models: [{ id: 'gpt-4o-mini', provider: 'oai' }],
      keys,
    },
    {},
  );
}

async function withGateway<T>(
  dbPath: string,
  emuUrl: string,
  keys: unknown[],
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const store = openStore(dbPath);
  const gw = await startGateway({ config: config(emuUrl, keys), store, catalog, accessLog: 'off' });
  try {
    return await fn(gw.url);
  } finally {
    await gw.close();
    store.close();
  }
}

function client(url: string, key = KEY) {
  return new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
}

function spent(dbPath: string, name: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db
      .prepare(
        'SELECT spent FROM gateway_budget_usage WHERE key_id = (SELECT id FROM gateway_keys WHERE name = ?)',
      )
      .get(name) as { spent: string } | undefined;
    return row?.spent ?? '0';
  } finally {
    db.close();
  }
}

describe('keys survive restarts and are stored safely', () => {
  let emu: EmulatorHandle;
  let dir: string;
  before(async () => {
    emu = await startEmulator('openai');
    dir = mkdtempSync(join(tmpdir(), 'quadrant-keys-'));
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('attack 4: 5 restarts keep the spend of a config key (no budget reset) and keys revoke sticks', async () => {
    const db = join(dir, 'restarts.db');
    // each call: 10 in + 1000 out on gpt-4o-mini = 0.0006015 USD; budget 0.002 fits 3 calls in total, not 3 per restart
    const keys = [{ name: 'team', key: KEY, budget: { amount: '0.002', currency: 'USD', period: 'month' } }];
    let ok = 0;
    emu.setUsage({ inputTokens: 10, outputTokens: 1000 });
    for (let restart = 0; restart < 5; restart++) {
      await withGateway(db, emu.url, keys, async (url) => {
        for (let i = 0; i < 2; i++) {
          try {
            await client(url).chat.completions.create({
              model: 'gpt-4o-mini',
              messages: MESSAGES,
              max_tokens: 1000,
            });
            ok++;
          } catch (err) {
            assert.ok(err instanceof OpenAI.APIError && err.code === 'budget_exceeded', String(err));
          }
        }
      });
    }
    emu.setUsage(null);
    assert.ok(ok <= 3, `${ok} calls admitted over 5 restarts`);
    assert.ok(dec(spent(db, 'team')).lte('0.002'), `spent ${spent(db, 'team')}`);
    // revoke with the key store (as `quadrant keys revoke` does), restart: still revoked
    const store = openStore(db);
    new KeyStore(store.db).revokeKey('team');
    store.close();
    await withGateway(db, emu.url, keys, async (url) => {
      const err = await client(url)
        .models.list()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(err instanceof OpenAI.APIError && err.status === 401, 'the revoked config key stays revoked');
    });
  });

  test('attack 8: HMAC-SHA256 under the installation secret, no clear prefix, secret file 0600', async () => {
    const db = join(dir, 'hmac.db');
    await withGateway(db, emu.url, [{ name: 'h', key: KEY }], async (url) => {
      await client(url).chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
    });
    const secretFile = join(dir, 'quadrant.secret');
    assert.equal(statSync(secretFile).mode & 0o777, 0o600);
    const secret = Buffer.from(readFileSync(secretFile, 'utf8').trim(), 'hex');
    assert.equal(secret.length, 32);
    const raw = new Database(db, { readonly: true });
    const row = raw.prepare("SELECT * FROM gateway_keys WHERE name = 'h'").get() as Record<string, unknown>;
    raw.close();
    assert.equal(row.hash, createHmac('sha256', secret).update(KEY).digest('hex'));
    assert.notEqual(row.hash, createHash('sha256').update(KEY).digest('hex'));
    assert.ok(!('prefix' in row), 'no prefix column');
    const dump = readFileSync(db).toString('latin1');
    assert.ok(!dump.includes(KEY.slice(0, 7)), 'no clear part of the key in the database file');
  });

  test('QUADRANT_SECRET, when set, is the secret (and a short one is refused)', () => {
    const store = openStore(':memory:');
    const prev = process.env.QUADRANT_SECRET;
    try {
      process.env.QUADRANT_SECRET = 'an-installation-secret-of-32-chars!!';
      const ks = new KeyStore(store.db);
      ks.syncConfigKeys([{ name: 'e', key: KEY }]);
      const row = store.db.prepare("SELECT hash FROM gateway_keys WHERE name = 'e'").get() as {
        hash: string;
      };
      assert.equal(row.hash, createHmac('sha256', process.env.QUADRANT_SECRET).update(KEY).digest('hex'));
      process.env.QUADRANT_SECRET = 'short';
      assert.throws(() => new KeyStore(store.db), /QUADRANT_SECRET must be at least 32 characters/);
    } finally {
      if (prev === undefined) delete process.env.QUADRANT_SECRET;
      else process.env.QUADRANT_SECRET = prev;
      store.close();
    }
  });

  test('config keys shorter than 24 characters are refused with a clear error', () => {
    assert.throws(
      () => config(emu.url, [{ name: 'weak', key: 'sk-8char' }]),
      /keys\[0\]\.key: config keys must be at least 24 characters/,
    );
  });

  test('a store from before HMAC (sha256 + prefix) migrates; its keys work and are re-hashed on first use', async () => {
    const db = join(dir, 'legacy.db');
    const old = new Database(db);
    old.exec(
      `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);`,
    );
    // the version-2 schema as it shipped (gateway tables), with a CLI key stored the old way
    const { registeredMigrations } = await import('../../src/store/migrations.ts');
    await import('../../src/gateway/gateway-tables.ts');
    for (const m of registeredMigrations().filter((x) => x.version <= 2)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 'then');
    }
    const legacyKey = 'qk-legacy-key-created-with-cli-000';
    old
      .prepare(
        `INSERT INTO gateway_keys(id, name, hash, prefix, origin, created_at) VALUES ('key_old', 'old', ?, ?, 'cli', 'then')`,
      )
      .run(createHash('sha256').update(legacyKey).digest('hex'), legacyKey.slice(0, 7));
    old.close();
    await withGateway(db, emu.url, [], async (url) => {
      await client(url, legacyKey).chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES });
    });
    const raw = new Database(db, { readonly: true });
    const row = raw.prepare("SELECT * FROM gateway_keys WHERE name = 'old'").get() as Record<string, unknown>;
    raw.close();
    assert.equal(row.hash_kind, 'hmac-sha256');
    assert.ok(!('prefix' in row));
    const secret = Buffer.from(readFileSync(join(dir, 'quadrant.secret'), 'utf8').trim(), 'hex');
    assert.equal(row.hash, createHmac('sha256', secret).update(legacyKey).digest('hex'));
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function serve(dir: string, port: number, configFile: string): ChildProcess {
  return spawn(
    process.execPath,
    ['bin/quadrant.js', 'serve', '--port', String(port), '--config', configFile],
    {
      env: { ...process.env, QUADRANT_DB: join(dir, 'q.db'), QUADRANT_FROM_SOURCE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

async function listening(p: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('listening on')) resolve();
    });
    p.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

describe('crash accounting and serve', () => {
  let emu: EmulatorHandle;
  let dir: string;
  before(async () => {
    emu = await startEmulator('openai');
    dir = mkdtempSync(join(tmpdir(), 'quadrant-crash-'));
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('kill -9 with calls in flight: on restart each is settled at its reserved worst case, outcome interrupted', async () => {
    const configFile = join(dir, 'gateway.yaml');
    writeFileSync(
      configFile,
      `providers: [{ id: oai, kind: openai, base_url: "${emu.url}", api_key: k }]\n` +
        'models: [{ id: gpt-4o-mini, provider: oai }]\n' +
        `keys: [{ name: team, key: "${KEY}", budget: { amount: "10", currency: USD, period: month } }]\n`,
    );
    const port = await freePort();
    let p = serve(dir, port, configFile);
    await listening(p);
    emu.setFault({ type: 'delay', ms: 60_000, times: 3 });
    const url = `http://127.0.0.1:${port}`;
    const calls = Array.from({ length: 3 }, () =>
      client(url)
        .chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 500 })
        .catch(() => undefined),
    );
    while (emu.requests.length < 3) await new Promise((r) => setTimeout(r, 20));
    p.kill('SIGKILL');
    await Promise.all(calls);
    emu.clearFaults();
    const reservedBefore = new Database(join(dir, 'q.db'), { readonly: true });
    const open = reservedBefore.prepare('SELECT amount FROM gateway_reservations').all() as Array<{
      amount: string;
    }>;
    reservedBefore.close();
    assert.equal(open.length, 3, 'the reservations were durable');
    const worst = open.reduce((s, r) => s.plus(r.amount), dec(0));
    p = serve(dir, port, configFile);
    await listening(p);
    p.kill('SIGTERM');
    await new Promise((r) => p.once('exit', r));
    const db = new Database(join(dir, 'q.db'), { readonly: true });
    const rows = db.prepare("SELECT * FROM gateway_ledger WHERE outcome = 'interrupted'").all() as Array<
      Record<string, unknown>
    >;
    const left = (db.prepare('SELECT COUNT(*) AS n FROM gateway_reservations').get() as { n: number }).n;
    const usage = db.prepare('SELECT spent, reserved FROM gateway_budget_usage').get() as {
      spent: string;
      reserved: string;
    };
    db.close();
    assert.equal(rows.length, 3, 'one interrupted ledger row per call in flight');
    assert.equal(left, 0);
    assert.ok(dec(usage.spent).eq(worst), `spent ${usage.spent} = reserved worst case ${worst}`);
    assert.equal(usage.reserved, '0');
    assert.ok(
      rows.every((r) => r.key_name === 'team' && r.usage_estimated === 1 && r.error_code === 'interrupted'),
    );
  });

  test('serve exits 1 with one clear line when its port is taken', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    const p = spawn(process.execPath, ['bin/quadrant.js', 'serve', '--port', String(port)], {
      env: { ...process.env, QUADRANT_DB: join(dir, 'busy.db'), QUADRANT_FROM_SOURCE: '1' },
    });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => p.on('exit', resolve));
    busy.close();
    assert.equal(code, 1);
    assert.match(err, /port \d+ is already in use/);
  });
});
