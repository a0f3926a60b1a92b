/**
 * Issue 13: `quadrant store migrate` copies the user's catalog data too. Models and price points added to the
 * embedded store by `catalog sync` move to PostgreSQL, where a CLI with QUADRANT_DATABASE=postgres://… and a
 * gateway with `database: postgres://…` read them: the same catalog as the SQLite store shows, and the gateway
 * serves and prices a model that only the user's data has.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dec } from '../../src/pricing/money.ts';
import { runCli } from '../cli/run-cli.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { postgresBackend } from '../support/store-backends.ts';

const backend = await postgresBackend();
const MODEL = 'quadrant-migrate-test';
// a LiteLLM snapshot: a model the built-in catalog lacks ($3/$12 per 1M) and a new gpt-4o-mini price ($0.2/$0.8)
const FEED = {
  last_updated: '2025-01-01T00:00:00+00:00',
  [MODEL]: {
    litellm_provider: 'openai',
    mode: 'chat',
    input_cost_per_token: 3e-6,
    output_cost_per_token: 1.2e-5,
    max_input_tokens: 128000,
    max_output_tokens: 4096,
  },
  'gpt-4o-mini': {
    litellm_provider: 'openai',
    mode: 'chat',
    input_cost_per_token: 2e-7,
    output_cost_per_token: 8e-7,
  },
};

const COST = [
  'cost',
  '--model',
  'gpt-4o-mini',
  '--input-tokens',
  '100000',
  '--output-tokens',
  '1000',
  '--requests',
  '10',
  '--json',
];

function serve(configFile: string, dbPath: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['bin/quadrant.js', 'serve', '--port', '0', '--config', configFile], {
    env: { ...process.env, QUADRANT_DB: dbPath, QUADRANT_FROM_SOURCE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

describe("store migrate: the user's catalog data", () => {
  let dir: string;
  let url: string;
  let dispose: (() => Promise<void>) | undefined;
  let emu: EmulatorHandle | undefined;
  let gateway: ChildProcess | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quadrant-migrate-catalog-'));
    if (backend.skip) return;
    const place = await backend.provision();
    url = place.config.database;
    dispose = place.dispose;
  });
  after(async () => {
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((r) => gateway!.once('exit', r));
      gateway.kill('SIGTERM');
      await exited;
    }
    await emu?.close();
    await dispose?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catalog sync into SQLite, store migrate, then the PostgreSQL-backed CLI and gateway see the same catalog', {
    skip: backend.skip,
  }, async () => {
    const source = join(dir, 'quadrant.db');
    const feed = join(dir, 'model_prices_and_context_window.json');
    writeFileSync(feed, JSON.stringify(FEED));
    const today = { QUADRANT_TODAY: '2026-11-30' };
    const sqlite = { ...today, QUADRANT_DB: source };
    const synced = await runCli(['catalog', 'sync', '--litellm', feed, '--json'], sqlite);
    assert.equal(synced.code, 0, synced.stderr);
    const s = JSON.parse(synced.stdout) as { models_added: number; prices_added: number };
    assert.deepEqual([s.models_added, s.prices_added], [1, 1]);

    const migrated = await runCli(['store', 'migrate', '--from', source, '--to', url]);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /^user_models: 1 rows$/m);
    assert.match(migrated.stdout, /^user_prices: 1 rows$/m);

    // the PostgreSQL-backed CLI (its own embedded store empty) shows what the SQLite store shows
    const postgres = { ...today, QUADRANT_DATABASE: url, QUADRANT_DB: join(dir, 'empty.db') };
    const builtin = { ...today, QUADRANT_DB: join(dir, 'none.db') };
    for (const args of [
      ['prices', '--model', MODEL, '--json'],
      ['prices', '--model', 'gpt-4o-mini', '--json'],
      ['models', '--json'],
      COST,
    ]) {
      const [fromPg, fromSqlite, fromBuiltin] = await Promise.all(
        [postgres, sqlite, builtin].map((env) => runCli(args, env)),
      );
      assert.equal(fromPg.code, 0, `${args.join(' ')}: ${fromPg.stderr}`);
      assert.deepEqual(JSON.parse(fromPg.stdout), JSON.parse(fromSqlite.stdout), args.join(' '));
      assert.notEqual(fromBuiltin.stdout, fromPg.stdout, `${args.join(' ')} depends on the user's data`);
    }
    const cost = await runCli(COST, postgres);
    // 10 × (100k × $0.2 + 1k × $0.8 per 1M) = $0.208 (the built-in $0.15/$0.6 would make $0.156)
    assert.match(cost.stdout, /"0\.208"/, cost.stdout);

    // `catalog sync --database` writes there, planned against the catalog there: a later snapshot adds its change
    // once (the same file again adds nothing), and the SQLite store does not see it
    const later = join(dir, 'later.json');
    const laterFeed = { ...FEED, last_updated: '2025-06-01T00:00:00+00:00' };
    laterFeed['gpt-4o-mini'] = { ...FEED['gpt-4o-mini'], input_cost_per_token: 2.5e-7 };
    writeFileSync(later, JSON.stringify(laterFeed));
    for (const expected of [1, 0]) {
      const r = await runCli(['catalog', 'sync', '--litellm', later, '--database', url, '--json'], today);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { prices_added: number }).prices_added, expected);
    }
    const history = async (env: Record<string, string>) =>
      (
        JSON.parse((await runCli(['prices', '--model', 'gpt-4o-mini', '--json'], env)).stdout) as {
          prices: Array<{ valid_from: string; input: string }>;
        }
      ).prices.map((p) => `${p.valid_from} ${p.input}`);
    assert.ok((await history(postgres)).includes('2025-06-01 0.25'), (await history(postgres)).join(', '));
    assert.ok(!(await history(sqlite)).includes('2025-06-01 0.25'));

    // a gateway on PostgreSQL serves the model only the user's data has, at the user's price
    emu = await startEmulator('openai');
    const config = join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      [
        `database: "${url}"`,
        'providers:',
        `  - { id: oai, kind: openai, base_url: "${emu.url}", api_key: k }`,
        'models:',
        `  - { id: ${MODEL}, provider: oai }`,
      ].join('\n'),
    );
    const g = await serve(config, join(dir, 'gateway.db'));
    gateway = g.proc;
    const models = (await (await fetch(`${g.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    assert.ok(
      models.data.some((m) => m.id === MODEL),
      JSON.stringify(models.data.map((m) => m.id)),
    );
    const res = await fetch(`${g.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 }),
    });
    const body = (await res.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
    assert.equal(res.status, 200, JSON.stringify(body));
    const expected = dec(body.usage.prompt_tokens)
      .times('0.000003')
      .plus(dec(body.usage.completion_tokens).times('0.000012'));
    const charged = res.headers.get('x-quadrant-cost');
    assert.ok(
      charged !== null && dec(charged).eq(expected),
      `x-quadrant-cost ${charged}, expected ${expected}`,
    );
  });
});
