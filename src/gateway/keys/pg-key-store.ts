/**
 * Virtual keys in PostgreSQL, for gateways sharing one store: the same rows and rules as KeyStore (SQLite), with
 * asynchronous management and a cache refreshed in the background (every second; a key created or revoked by
 * any process takes effect everywhere within about two). While the store is unreachable the last loaded keys
 * keep answering. Config keys are synced under a transaction-level advisory lock, so processes starting
 * together do not race on the same names.
 */
import { randomBytes } from 'node:crypto';
import { QuadrantError } from '../../errors.ts';
import { type PgStore, withClient } from '../../store/postgres/pg-store.ts';
import type { GatewayKeys } from './gateway-keys.ts';
import { KeyCache } from './key-cache.ts';
import {
  assertConfigKeyLengths,
  hashKey,
  type KeyRecord,
  type KeyRow,
  keyColumns,
  type NewKey,
  toRecord,
} from './key-record.ts';

const REFRESH_MS = 1000;
/** Advisory lock key of the config-key sync ("qkeysync"). */
const SYNC_LOCK_KEY = '8173208291430754659';

export class PgKeyStore implements GatewayKeys {
  private readonly cache = new KeyCache();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly store: PgStore,
    private readonly secret: Buffer,
    private readonly onRefreshError: (err: Error) => void = () => {},
  ) {}

  /** Loads the keys now, then every second in the background until `stop()`. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((err: Error) => this.onRefreshError(err));
    }, REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const rows = await this.store.query<KeyRow>('SELECT * FROM gateway_keys');
        this.cache.load(
          rows.filter((r) => r.revoked_at === null),
          rows.length > 0,
        );
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  authRequired(): boolean {
    return this.cache.anyKey;
  }

  authenticate(secret: string): KeyRecord | undefined {
    const found = this.cache.lookup(this.secret, secret);
    if (found?.rehash) {
      this.store
        .query(
          "UPDATE gateway_keys SET hash = $1, hash_kind = 'hmac-sha256' WHERE id = $2 AND hash_kind = 'sha256'",
          [found.rehash, found.record.id],
        )
        .then(() => this.refresh())
        .catch((err: Error) => this.onRefreshError(err));
    }
    return found?.record;
  }

  /** Active keys as last loaded. */
  listKeys(): KeyRecord[] {
    return this.cache.records();
  }

  async listAll(options: { includeRevoked?: boolean } = {}): Promise<KeyRecord[]> {
    const rows = await this.store.query<KeyRow>('SELECT * FROM gateway_keys ORDER BY created_at, name');
    return rows.map(toRecord).filter((k) => options.includeRevoked || k.revokedAt === null);
  }

  async byName(name: string): Promise<KeyRecord | undefined> {
    const [row] = await this.store.query<KeyRow>('SELECT * FROM gateway_keys WHERE name = $1', [name]);
    return row ? toRecord(row) : undefined;
  }

  private async insert(
    q: (sql: string, params: unknown[]) => Promise<unknown>,
    k: NewKey,
    secret: string,
    origin: string,
  ): Promise<void> {
    await q(
      `INSERT INTO gateway_keys(id, name, hash, hash_kind, origin, budget_amount, budget_currency, budget_period,
         rpm, tpm, routes, created_at) VALUES ($1, $2, $3, 'hmac-sha256', $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        `key_${randomBytes(6).toString('hex')}`,
        k.name,
        hashKey(this.secret, secret),
        origin,
        ...keyColumns(k),
        new Date().toISOString(),
      ],
    );
  }

  async createKey(k: NewKey): Promise<{ record: KeyRecord; secret: string }> {
    if (await this.byName(k.name))
      throw new QuadrantError('invalid_argument', `a key named "${k.name}" already exists`);
    const secret = `qk-${randomBytes(24).toString('base64url')}`;
    await this.insert((sql, p) => this.store.query(sql, p), k, secret, 'cli');
    await this.refresh();
    return { record: (await this.byName(k.name))!, secret };
  }

  async revokeKey(nameOrId: string): Promise<KeyRecord> {
    const [row] = await this.store.query<KeyRow>(
      'UPDATE gateway_keys SET revoked_at = $2 WHERE (name = $1 OR id = $1) RETURNING *',
      [nameOrId, new Date().toISOString()],
    );
    if (!row) throw new QuadrantError('not_found', `no key named "${nameOrId}" (see \`quadrant keys list\`)`);
    await this.refresh();
    return toRecord(row);
  }

  /** As KeyStore.syncConfigKeys, in one transaction under the sync lock. */
  async syncConfigKeys(keys: Array<NewKey & { key: string }>): Promise<void> {
    assertConfigKeyLengths(keys);
    await withClient(this.store.pool, async (client) => {
      const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
      await q('BEGIN');
      try {
        await q('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK_KEY]);
        for (const k of keys) {
          const existing = (await q('SELECT * FROM gateway_keys WHERE name = $1', [k.name])).rows[0] as
            | KeyRow
            | undefined;
          if (existing && existing.origin !== 'config') {
            throw new QuadrantError(
              'invalid_config',
              `keys: "${k.name}" already exists as a key created with \`quadrant keys create\`; rename one of them`,
            );
          }
          if (!existing) await this.insert(q, k, k.key, 'config');
          else
            await q(
              `UPDATE gateway_keys SET hash = $1, hash_kind = 'hmac-sha256', budget_amount = $2, budget_currency = $3,
                 budget_period = $4, rpm = $5, tpm = $6, routes = $7 WHERE id = $8`,
              [hashKey(this.secret, k.key), ...keyColumns(k), existing.id],
            );
        }
        await q(
          "UPDATE gateway_keys SET revoked_at = $1 WHERE origin = 'config' AND revoked_at IS NULL AND NOT (name = ANY($2))",
          [new Date().toISOString(), keys.map((k) => k.name)],
        );
        await q('COMMIT');
      } catch (err) {
        await q('ROLLBACK').catch(() => {});
        throw err;
      }
    });
    await this.refresh();
  }
}
