/** A virtual key as stored (rows) and as the gateway sees it (records), and the hashing both stores share. */
import { createHash, createHmac } from 'node:crypto';
import { QuadrantError } from '../../errors.ts';
import { dec } from '../../pricing/money.ts';
import type { Budget } from '../budget/budget-store.ts';
import type { BudgetPeriod } from '../config/config-schema.ts';

export interface KeyRecord {
  id: string;
  name: string;
  origin: string;
  budget: Budget | null;
  rpm: number | null;
  tpm: number | null;
  routes: string[] | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface KeyRow {
  id: string;
  name: string;
  hash: string;
  hash_kind: string;
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

/** The stored form of a key: HMAC-SHA256 under the installation secret, hex. */
export function hashKey(installation: Buffer, secret: string): string {
  return createHmac('sha256', installation).update(secret).digest('hex');
}

/** How versions before HMAC stored keys (unsalted sha256); only to recognise and re-hash them. */
export function legacyHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Config keys shorter than this are refused (a short key can be guessed). */
export const MIN_CONFIG_KEY_LENGTH = 24;

export function assertConfigKeyLengths(keys: Array<{ name: string; key: string }>): void {
  for (const k of keys) {
    if (k.key.length < MIN_CONFIG_KEY_LENGTH) {
      throw new QuadrantError(
        'invalid_config',
        `keys: the key of "${k.name}" is ${k.key.length} characters; config keys must be at least ${MIN_CONFIG_KEY_LENGTH} (generate one with \`openssl rand -hex 24\`)`,
      );
    }
  }
}

/** The columns of a new key row after id and name (insert order of both stores). */
export function keyColumns(k: NewKey): Array<string | number | null> {
  return [
    k.budget?.amount ?? null,
    k.budget?.currency ?? null,
    k.budget?.period ?? null,
    k.rpm ?? null,
    k.tpm ?? null,
    k.routes ? JSON.stringify(k.routes) : null,
  ];
}

export function toRecord(r: KeyRow): KeyRecord {
  return {
    id: r.id,
    name: r.name,
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
