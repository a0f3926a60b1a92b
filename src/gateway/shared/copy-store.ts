/**
 * `quadrant store migrate`: copies an embedded store's keys, budget counters, reservations, ledger, routed
 * prompts, stored idempotency results and the user's catalog data (models and price points added by `catalog
 * sync`) into PostgreSQL (migrated first), in one transaction — all or nothing. The target's tables must be
 * empty (no merging of two histories). Reservations come over without a live owner, so the first
 * gateway to start settles them at their worst case (outcome 'interrupted'), as a restart of the embedded store
 * would. Keys stay HMACs under the source's installation secret: every process needs that secret.
 */
import { QuadrantError } from '../../errors.ts';
import type { Store } from '../../store/open-store.ts';
import { openPgStore, withClient } from '../../store/postgres/pg-store.ts';
import '../gateway-tables.ts';
import '../../catalog/catalog-overrides.ts';

/** Tables copied, in order, with the columns both stores have. */
const TABLES: Array<{ table: string; columns: string[]; extra?: Record<string, string>; where?: string }> = [
  {
    table: 'gateway_keys',
    columns: [
      'id',
      'name',
      'hash',
      'hash_kind',
      'origin',
      'budget_amount',
      'budget_currency',
      'budget_period',
      'rpm',
      'tpm',
      'routes',
      'created_at',
      'revoked_at',
    ],
  },
  { table: 'gateway_budget_usage', columns: ['key_id', 'period_start', 'currency', 'spent', 'reserved'] },
  {
    table: 'gateway_reservations',
    columns: [
      'id',
      'request_id',
      'key_id',
      'key_name',
      'period_start',
      'currency',
      'amount',
      'route',
      'model',
      'provider',
      'endpoint',
      'ts',
    ],
    extra: { owner: 'migrated' },
  },
  {
    table: 'gateway_ledger',
    columns: [
      'request_id',
      'attempt',
      'ts',
      'key_id',
      'key_name',
      'route',
      'model',
      'provider',
      'endpoint',
      'stream',
      'status',
      'outcome',
      'input_tokens',
      'cached_input_tokens',
      'cache_write_tokens',
      'output_tokens',
      'reasoning_tokens',
      'usage_estimated',
      'cost',
      'currency',
      'latency_ms',
      'ttft_ms',
      'error_code',
      'quality_score',
    ],
  },
  { table: 'gateway_routed_prompts', columns: ['request_id', 'ts', 'key_id', 'route', 'prompt'] },
  {
    // stored results (a retry after the move is still replayed); claims of calls in flight are not carried over
    table: 'gateway_idempotency',
    columns: [
      'scope',
      'idem_key',
      'request_hash',
      'state',
      'request_id',
      'created_at',
      'status',
      'headers',
      'body',
    ],
    extra: { owner: 'migrated' },
    where: "state = 'done'",
  },
  // the user's catalog data (catalog-overrides.ts); price points keep their order (a later one wins)
  { table: 'user_models', columns: ['id', 'vendor', 'json', 'origin', 'added_at'] },
  { table: 'user_prices', columns: ['model_id', 'json', 'origin', 'added_at'] },
];

const CHUNK = 500;

export async function copyStoreToPostgres(source: Store, url: string): Promise<Record<string, number>> {
  const pg = await openPgStore(url);
  const counts: Record<string, number> = {};
  try {
    await withClient(pg.pool, async (client) => {
      await client.query('BEGIN');
      try {
        for (const { table } of TABLES) {
          const { rows } = await client.query(`SELECT 1 FROM ${table} LIMIT 1`);
          if (rows.length > 0)
            throw new QuadrantError(
              'invalid_argument',
              `${pg.display}: ${table} is not empty; migrate into an empty database (or a new ?schema=)`,
            );
        }
        for (const { table, columns, extra = {}, where } of TABLES) {
          const all = [...columns, ...Object.keys(extra)];
          const select = source.db.prepare(
            `SELECT ${columns.join(', ')} FROM ${table}${where ? ` WHERE ${where}` : ''} ORDER BY rowid`,
          );
          let batch: unknown[][] = [];
          counts[table] = 0;
          const flush = async () => {
            if (batch.length === 0) return;
            const values = batch
              .map((_, r) => `(${all.map((_, c) => `$${r * all.length + c + 1}`).join(',')})`)
              .join(',');
            await client.query(`INSERT INTO ${table}(${all.join(', ')}) VALUES ${values}`, batch.flat());
            counts[table] += batch.length;
            batch = [];
          };
          for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
            batch.push([...columns.map((c) => row[c]), ...Object.values(extra)]);
            if (batch.length >= CHUNK) await flush();
          }
          await flush();
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    });
  } finally {
    await pg.close();
  }
  return counts;
}
