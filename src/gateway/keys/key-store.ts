/**
 * Virtual API keys: stored as HMAC-SHA256 under the per-installation secret (installation-secret.ts), never in
 * clear and without a clear prefix, with an optional budget, rpm/tpm limits and allowed routes. The secret is
 * shown once at creation. A config key's identity is its name: restarts update it in place, so its spend and
 * its revocation survive. Keys hashed by older versions (plain sha256) are re-hashed when next presented. Lookups on the hot path hit an in-memory cache refreshed every
 * couple of seconds, so keys created or revoked by `quadrant keys` while the gateway runs take effect quickly.
 */
import { randomBytes } from 'node:crypto';
import { QuadrantError } from '../../errors.ts';
import type { SqliteDatabase } from '../../store/open-store.ts';
import {
  assertConfigKeyLengths,
  hashKey,
  type KeyRecord,
  type KeyRow,
  keyColumns,
  type NewKey,
  toRecord,
} from './key-record.ts';
import '../gateway-tables.ts';
import type { GatewayKeys } from './gateway-keys.ts';
import { installationSecret } from './installation-secret.ts';
import { KeyCache } from './key-cache.ts';

export {
  assertConfigKeyLengths,
  hashKey,
  type KeyRecord,
  type KeyRow,
  keyColumns,
  legacyHash,
  MIN_CONFIG_KEY_LENGTH,
  type NewKey,
  toRecord,
} from './key-record.ts';

export const CACHE_TTL_MS = 2000;

export class KeyStore implements GatewayKeys {
  private readonly cache = new KeyCache();
  private cachedAt = -Infinity;
  private readonly secret: Buffer;

  constructor(
    private readonly db: SqliteDatabase,
    /** The installation secret (default: QUADRANT_SECRET or the store's secret file). */
    secret?: Buffer,
  ) {
    this.secret = secret ?? installationSecret(db);
  }

  private hash(secret: string): string {
    return hashKey(this.secret, secret);
  }

  private insert(k: NewKey, secret: string, origin: string): KeyRecord {
    const id = `key_${randomBytes(6).toString('hex')}`;
    this.db
      .prepare(
        `INSERT INTO gateway_keys(id, name, hash, hash_kind, origin, budget_amount, budget_currency, budget_period,
           rpm, tpm, routes, created_at) VALUES (?, ?, ?, 'hmac-sha256', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, k.name, this.hash(secret), origin, ...keyColumns(k), new Date().toISOString());
    this.cachedAt = -Infinity;
    return this.byName(k.name)!;
  }

  /** Creates a key with a fresh secret; the secret is returned once and never stored. */
  createKey(k: NewKey): { record: KeyRecord; secret: string } {
    if (this.byName(k.name))
      throw new QuadrantError('invalid_argument', `a key named "${k.name}" already exists`);
    const secret = `qk-${randomBytes(24).toString('base64url')}`;
    return { record: this.insert(k, secret, 'cli'), secret };
  }

  /**
   * Makes the keys of the config file exist with the config's secret and limits. A key's identity is its name:
   * an existing config key is updated in place (same id, so its spend is kept; a revoked key stays revoked).
   * Config keys that left the config are revoked.
   */
  syncConfigKeys(keys: Array<NewKey & { key: string }>): void {
    assertConfigKeyLengths(keys);
    const update = this.db.prepare(
      `UPDATE gateway_keys SET hash = ?, hash_kind = 'hmac-sha256', budget_amount = ?, budget_currency = ?,
         budget_period = ?, rpm = ?, tpm = ?, routes = ? WHERE id = ?`,
    );
    const tx = this.db.transaction(() => {
      for (const k of keys) {
        const existing = this.byName(k.name);
        if (existing && existing.origin !== 'config') {
          throw new QuadrantError(
            'invalid_config',
            `keys: "${k.name}" already exists as a key created with \`quadrant keys create\`; rename one of them`,
          );
        }
        if (!existing) {
          this.insert(k, k.key, 'config');
          continue;
        }
        update.run(this.hash(k.key), ...keyColumns(k), existing.id);
      }
      const names = new Set(keys.map((k) => k.name));
      for (const k of this.listKeys()) {
        if (k.origin === 'config' && !names.has(k.name)) {
          this.db
            .prepare('UPDATE gateway_keys SET revoked_at = ? WHERE id = ?')
            .run(new Date().toISOString(), k.id);
        }
      }
    });
    tx();
    this.cachedAt = -Infinity;
  }

  byName(name: string): KeyRecord | undefined {
    const row = this.db.prepare<[string], KeyRow>('SELECT * FROM gateway_keys WHERE name = ?').get(name);
    return row ? toRecord(row) : undefined;
  }

  listKeys(options: { includeRevoked?: boolean } = {}): KeyRecord[] {
    const rows = this.db.prepare<[], KeyRow>('SELECT * FROM gateway_keys ORDER BY created_at, name').all();
    return rows.map(toRecord).filter((k) => options.includeRevoked || k.revokedAt === null);
  }

  revokeKey(nameOrId: string): KeyRecord {
    const row = this.db
      .prepare<[string, string], KeyRow>('SELECT * FROM gateway_keys WHERE name = ? OR id = ?')
      .get(nameOrId, nameOrId);
    if (!row) throw new QuadrantError('not_found', `no key named "${nameOrId}" (see \`quadrant keys list\`)`);
    this.db
      .prepare('UPDATE gateway_keys SET revoked_at = ? WHERE id = ?')
      .run(new Date().toISOString(), row.id);
    this.cachedAt = -Infinity;
    return toRecord({ ...row, revoked_at: new Date().toISOString() });
  }

  private refresh(): void {
    const t = performance.now();
    if (t - this.cachedAt < CACHE_TTL_MS) return;
    const anyKey = this.db.prepare('SELECT 1 FROM gateway_keys LIMIT 1').get() !== undefined;
    this.cache.load(
      this.db.prepare<[], KeyRow>('SELECT * FROM gateway_keys WHERE revoked_at IS NULL').all(),
      anyKey,
    );
    this.cachedAt = t;
  }

  /**
   * True once any key exists, active or revoked: then every request must present an active one. (Revoking the
   * last key must not open the gateway to everyone.)
   */
  authRequired(): boolean {
    this.refresh();
    return this.cache.anyKey;
  }

  /**
   * HMACs of secrets that matched an active key: the HMAC is the hot path's largest cost of authentication
   * (issue 12). Only the hash is remembered, never the record, so a revocation still takes effect at the next
   * refresh; unknown secrets are not remembered (no memory for a flood of guesses).
   */
  private readonly knownHmacs = new Map<string, string>();

  /** The active key for a presented secret, or undefined. Hashes are compared in constant time. */
  authenticate(secret: string): KeyRecord | undefined {
    this.refresh();
    const hmac = this.knownHmacs.get(secret) ?? this.hash(secret);
    const found = this.cache.lookup(this.secret, secret, hmac);
    if (found && !found.rehash) {
      if (this.knownHmacs.size >= 10_000) this.knownHmacs.clear();
      this.knownHmacs.set(secret, hmac);
      return found.record;
    }
    if (found?.rehash) {
      // a key stored by an older version (unsalted sha256): recognised once, then stored as its HMAC
      this.db
        .prepare(
          "UPDATE gateway_keys SET hash = ?, hash_kind = 'hmac-sha256' WHERE id = ? AND hash_kind = 'sha256'",
        )
        .run(found.rehash, found.record.id);
      this.cachedAt = -Infinity;
    }
    return found?.record;
  }
}
