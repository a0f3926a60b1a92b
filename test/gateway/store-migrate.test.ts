/**
 * `quadrant store migrate`: an embedded store's keys, budget counters, open reservations, ledger and stored
 * idempotent results move to PostgreSQL; the keys authenticate there under the same installation secret, and the first gateway instance
 * settles the carried-over reservation at its worst case (outcome 'interrupted').
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BudgetStore } from '../../src/gateway/budget/budget-store.ts';
import { IdempotencyStore } from '../../src/gateway/idempotency/idempotency-store.ts';
import { PgIdempotencyStore } from '../../src/gateway/idempotency/pg-idempotency-store.ts';
import { installationSecret } from '../../src/gateway/keys/installation-secret.ts';
import { KeyStore } from '../../src/gateway/keys/key-store.ts';
import { PgKeyStore } from '../../src/gateway/keys/pg-key-store.ts';
import { LedgerWriter } from '../../src/gateway/ledger/ledger-writer.ts';
import { copyStoreToPostgres } from '../../src/gateway/shared/copy-store.ts';
import { GatewayInstance } from '../../src/gateway/shared/gateway-instances.ts';
import { dec } from '../../src/pricing/money.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { openPgStore, type PgStore } from '../../src/store/postgres/pg-store.ts';
import { okAttempt } from '../support/attempt-records.ts';
import { postgresBackend } from '../support/store-backends.ts';

const backend = await postgresBackend();
const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
const NOW = Date.parse('2026-03-18T12:00:00Z');

describe('quadrant store migrate (SQLite → PostgreSQL)', { skip: backend.skip }, () => {
  let source: Store;
  let url: string;
  let dispose: () => Promise<void>;
  let pg: PgStore;
  before(async () => {
    if (backend.skip) return;
    const place = await backend.provision();
    url = place.config.database;
    dispose = place.dispose;
    source = openStore(':memory:');
  });
  after(async () => {
    await pg?.close();
    source?.close();
    await dispose?.();
  });

  test('copies keys, budgets, reservations and the ledger; keys still authenticate', async () => {
    const keys = new KeyStore(source.db);
    const { secret } = keys.createKey({
      name: 'team',
      budget: { amount: '2', currency: 'USD', period: 'month' },
    });
    const team = keys.byName('team')!;
    const budgets = new BudgetStore(source.db);
    const settled = budgets.reserveBudget(team.id, team.budget!, dec('0.5'), NOW);
    budgets.reserveBudget(team.id, team.budget!, dec('0.25'), NOW, {
      requestId: 'req_open',
      keyName: 'team',
      route: 'm',
      model: 'm',
      provider: 'p',
      endpoint: 'chat',
    });
    const ledger = new LedgerWriter(source.db, budgets);
    await ledger.write(
      [okAttempt({ requestId: 'req_done', ts: NOW, keyId: team.id, keyName: 'team', cost: dec('0.125') })],
      [{ reservation: settled, actual: dec('0.125') }],
    );
    // a stored idempotent result comes over (a retry after the move is replayed); a claim in flight does not
    const idempotency = new IdempotencyStore(source.db, () => NOW);
    idempotency.claim(team.id, 'once', 'chat:abc', 'req_done');
    idempotency.complete(team.id, 'once', 'req_done', {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"ok":true}'),
    });
    idempotency.claim(team.id, 'running', 'chat:def', 'req_open');
    const counts = await copyStoreToPostgres(source, url);
    assert.deepEqual(counts, {
      gateway_keys: 1,
      gateway_budget_usage: 1,
      gateway_reservations: 1,
      gateway_ledger: 1,
      gateway_routed_prompts: 0,
      gateway_idempotency: 1,
      user_models: 0,
      user_prices: 0,
    });
    await assert.rejects(copyStoreToPostgres(source, url), /not empty/);

    pg = await openPgStore(url);
    const pgKeys = new PgKeyStore(pg, installationSecret(source.db));
    await pgKeys.refresh();
    assert.equal(pgKeys.authenticate(secret)?.name, 'team');
    const instance = new GatewayInstance(pg, { now: () => NOW, onInterrupted: () => {}, onError: () => {} });
    const interrupted = await instance.start();
    await instance.stop();
    assert.deepEqual(
      interrupted.map((r) => [r.requestId, dec(r.amount).toString()]),
      [['req_open', '0.25']],
    );
    const replay = await new PgIdempotencyStore(
      pg,
      instance.id,
      () => NOW,
      () => {},
    ).claim(team.id, 'once', 'chat:abc', 'req_retry');
    assert.equal(replay.kind, 'replay');
    assert.equal(replay.kind === 'replay' && replay.result.body.toString(), '{"ok":true}');
    const [usage] = await pg.query<{ spent: string; reserved: string }>(
      'SELECT spent::text AS spent, reserved::text AS reserved FROM gateway_budget_usage',
    );
    assert.ok(dec(usage.spent).eq('0.375'), `spent ${usage.spent}: 0.125 settled + 0.25 interrupted`);
    assert.ok(dec(usage.reserved).isZero());
    const rows = await pg.query<{ request_id: string; outcome: string }>(
      'SELECT request_id, outcome FROM gateway_ledger ORDER BY id',
    );
    assert.deepEqual(
      rows.map((r) => [r.request_id, r.outcome]),
      [
        ['req_done', 'ok'],
        ['req_open', 'interrupted'],
      ],
    );
  });
});
