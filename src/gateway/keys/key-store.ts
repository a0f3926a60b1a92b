/**
 * Virtual API keys: stored hashed (sha256), with an optional budget, rpm/tpm limits and allowed routes.
 * The secret is shown once at creation. Lookups on the hot path hit an in-memory cache refreshed every
 * couple of seconds, so keys created or revoked by `quadrant keys` while the gateway runs take effect quickly.
 */
import { createHash, randomBytes } from 'node:crypto';
import { QuadrantError } from '../../errors.ts';
import { dec } from '../../pricing/money.ts';
import type { SqliteDatabase } from '../../store/open-store.ts';
import type { Budget } from '../budget/budget-store.ts';
import type { BudgetPeriod } from '../config/config-schema.ts';
import '../gateway-tables.ts';

export interface KeyRecord {
  id: string;
  name: string;
  prefix: string;
  origin: string;
  budget: Budget | null;
  rpm: number | null;
  tpm: number | null;
  routes: string[] | null;
  createdAt: string;
  revokedAt: string | null;
}

interface KeyRow {
  id: string;
  name: string;
  hash: string;
  prefix: string;
  origin: string;
  budget_amount: string | null;
  budget_currency: string | null;
  budget_period: string | null;
  rpm: number | null;
  tpm: number | null;
  routes: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface NewKey {
  name: string;
  budget?: { amount: string; currency: string; period: BudgetPeriod };
  rpm?: number;
  tpm?: number;
  routes?: string[];
}

export function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toRecord(r: KeyRow): KeyRecord {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    origin: r.origin,
    budget:
      r.budget_amount !== null && r.budget_currency !== null
        ? {
            amount: dec(r.budget_amount),
            currency: r.budget_currency,
            period: (r.budget_period ?? 'month') as BudgetPeriod,
          }
        : null,
    rpm: r.rpm,
    tpm: r.tpm,
    routes: r.routes ? (JSON.parse(r.routes) as string[]) : null,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

const CACHE_TTL_MS = 2000;

export class KeyStore {
  private cache = new Map<string, KeyRecord>();
  private cachedAt = -Infinity;

  constructor(private readonly db: SqliteDatabase) {}

  private insert(k: NewKey, secret: string, origin: string): KeyRecord {
    const id = `key_${randomBytes(6).toString('hex')}`;
    this.db
      .prepare(
        `INSERT INTO gateway_keys(id, name, hash, prefix, origin, budget_amount, budget_currency, budget_period,
           rpm, tpm, routes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        k.name,
        hashKey(secret),
        secret.slice(0, 7),
        origin,
        k.budget?.amount ?? null,
        k.budget?.currency ?? null,
        k.budget?.period ?? null,
        k.rpm ?? null,
        k.tpm ?? null,
        k.routes ? JSON.stringify(k.routes) : null,
        new Date().toISOString(),
      );
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

  /** Makes the keys of the config file exist with the config's secret and limits (matched by name). */
  syncConfigKeys(keys: Array<NewKey & { key: string }>): void {
    const tx = this.db.transaction(() => {
      for (const k of keys) {
        const existing = this.byName(k.name);
        if (existing && existing.origin !== 'config') {
          throw new QuadrantError(
            'invalid_config',
            `keys: "${k.name}" already exists as a key created with \`quadrant keys create\`; rename one of them`,
          );
        }
        if (existing) this.db.prepare('DELETE FROM gateway_keys WHERE id = ?').run(existing.id);
        this.insert(k, k.key, 'config');
      }
    });
    tx();
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
    const rows = this.db.prepare<[], KeyRow>('SELECT * FROM gateway_keys WHERE revoked_at IS NULL').all();
    this.cache = new Map(rows.map((r) => [r.hash, toRecord(r)]));
    this.cachedAt = t;
  }

  /** True when any active key exists: then every request must present one. */
  authRequired(): boolean {
    this.refresh();
    return this.cache.size > 0;
  }

  /** The active key for a presented secret, or undefined. */
  authenticate(secret: string): KeyRecord | undefined {
    this.refresh();
    return this.cache.get(hashKey(secret));
  }
}
