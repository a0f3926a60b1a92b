/**
 * Opening the shared store from several processes at once (the CI failure of stop 18: two `quadrant serve`
 * starting together on a new schema, one failed on `CREATE SCHEMA IF NOT EXISTS` and then never exited because
 * its Redis connection stayed open).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openPgStore, type PgStore } from '../../src/store/postgres/pg-store.ts';
import { runCli } from '../cli/run-cli.ts';
import { postgresBackend } from '../support/store-backends.ts';

const backend = await postgresBackend();
// a start that hangs fails its test after a minute instead of holding the file for the runner's 5 minutes
const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip, timeout: 60_000 }, fn);

describe('opening the PostgreSQL store', { skip: backend.skip }, () => {
  const disposers: Array<() => Promise<void>> = [];
  after(async () => {
    for (const d of disposers) await d();
  });

  test('eight opens at once on a new schema all succeed and migrate it once', async () => {
    const place = await backend.provision();
    disposers.push(place.dispose);
    const stores: PgStore[] = await Promise.all(
      Array.from({ length: 8 }, () => openPgStore(place.config.database, { max: 2 })),
    );
    try {
      const rows = await stores[0].query<{ n: number }>(
        'SELECT count(*)::int AS n FROM schema_migrations GROUP BY version HAVING count(*) > 1',
      );
      assert.deepEqual(rows, [], 'each migration recorded once');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test('serve with Redis configured and an unopenable database: one line, exit 1, no hang', async () => {
    const place = await backend.provision();
    disposers.push(place.dispose);
    const url = new URL(place.config.database);
    url.pathname = '/quadrant_no_such_database';
    const dir = mkdtempSync(join(tmpdir(), 'quadrant-pgopen-'));
    const config = join(dir, 'gateway.yaml');
    writeFileSync(
      config,
      [
        `database: "${url}"`,
        `redis: "${place.config.redis}"`,
        `redis_prefix: "${place.config.redis_prefix}"`,
        'providers:',
        '  - { id: oai, kind: openai, base_url: "http://127.0.0.1:9", api_key: k }',
        'models:',
        '  - { id: gpt-4o-mini, provider: oai }',
      ].join('\n'),
    );
    const started = Date.now();
    const r = await runCli(['serve', '--port', '0', '--config', config], { QUADRANT_DB: join(dir, 'q.db') });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^quadrant: cannot open the store at .*quadrant_no_such_database/);
    assert.ok(Date.now() - started < 30_000, 'exited promptly');
  });
});
