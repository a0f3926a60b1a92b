/**
 * Shared by the market commands (models, cost, compare, prices, catalog): today's date from an injectable
 * clock, option parsing with clear errors, reading text files, and the catalog the user sees.
 *
 *   QUADRANT_TODAY=YYYY-MM-DD  pins "today" (tests, reproducible reports); otherwise the UTC date.
 *   QUADRANT_CATALOG=DIR       reads the catalog from DIR instead of the built-in data/catalog.
 *   QUADRANT_DB=PATH           the store whose user models and prices are merged over the catalog
 *                              (only read when the file exists: read-only commands never create it).
 *   QUADRANT_DATABASE=postgres://…  the shared store instead, when it is a PostgreSQL URL (as for the gateway).
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Catalog } from '../catalog/catalog.ts';
import { QuadrantError } from '../errors.ts';
import { readTextFile } from '../read-text-file.ts';

export function todayIso(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  const pinned = env.QUADRANT_TODAY;
  if (pinned) return parseDateOption(pinned, 'QUADRANT_TODAY');
  return now().toISOString().slice(0, 10);
}

/** How a quality "as of" reads in text: a date as is; 'latest' as today's date (every score published by today). */
export function describeQualityAsOf(qualityAsOf: string, today: string = todayIso()): string {
  return qualityAsOf === 'latest' ? `${today} (latest)` : qualityAsOf;
}

export function parseDateOption(value: string, name = '--date'): string {
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
  if (!ok)
    throw new QuadrantError('invalid_argument', `${name} must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
}

/** A whole number ≥ `min` from an option's text ("1000", "1_000" and "1,000" are accepted). */
export function parseCountOption(value: string | undefined, name: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().replace(/[_,](?=\d{3}(\D|$))/g, '');
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new QuadrantError('invalid_argument', `${name} must be a whole number ≥ ${min}, got "${value}"`);
  }
  return n;
}

export function readOptionFile(path: string, name = '--text'): string {
  return readTextFile(path, `${name} file`);
}

export function fileLabel(path: string): string {
  return basename(path);
}

/** The text of --prompt or --text FILE (exactly one of them), or undefined when neither is given. */
export function promptText(options: { prompt?: string; text?: string }): string | undefined {
  if (options.prompt !== undefined && options.text !== undefined) {
    throw new QuadrantError('invalid_argument', 'use either --prompt TEXT or --text FILE, not both');
  }
  if (options.prompt !== undefined) return options.prompt;
  if (options.text !== undefined) return readOptionFile(options.text);
  return undefined;
}

export function catalogDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.QUADRANT_CATALOG || undefined;
}

/** The built-in (or QUADRANT_CATALOG) catalog with the store's user models and prices merged over it. */
export async function openMarketCatalog(env: NodeJS.ProcessEnv = process.env): Promise<Catalog> {
  const dir = catalogDir(env);
  const dbPath = env.QUADRANT_DB || 'data/quadrant.db';
  const database = env.QUADRANT_DATABASE;
  const { isPostgresUrl } = await import('../store/postgres/pg-store.ts');
  if (isPostgresUrl(database) || (dbPath !== ':memory:' && existsSync(dbPath))) {
    const { loadUserCatalog } = await import('../catalog/user-catalog-store.ts');
    return loadUserCatalog(database, dbPath, { dir });
  }
  const { loadCatalog } = await import('../catalog/load-catalog.ts');
  return loadCatalog(dir ? { dir } : {});
}

/** The currency asked for, validated against the catalog's FX table (undefined: each price's own). */
export function currencyOption(catalog: Catalog, currency: string | undefined): string | undefined {
  return currency === undefined ? undefined : catalog.fx.assertCurrency(currency);
}
