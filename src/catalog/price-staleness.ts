/**
 * Staleness of the catalog's prices: a vendor's prices were last checked on its `verified_on` date; a price
 * shown for a date more than STALE_AFTER_DAYS later may have changed since, and says so (stderr warning in
 * the CLI, `stale: true` in JSON). A vendor without `verified_on` is never reported stale (nothing to compare).
 */
import type { Catalog } from './catalog.ts';

export const STALE_AFTER_DAYS = 90;

/** `date` + `days` as an ISO date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface Staleness {
  stale: boolean;
  verified_on: string | null;
  /** The last date a price of this vendor is shown without a warning. */
  fresh_until: string | null;
}

export function vendorStaleness(catalog: Catalog, vendorId: string, date: string): Staleness {
  const verified = catalog.vendor(vendorId)?.verified_on;
  if (!verified) return { stale: false, verified_on: null, fresh_until: null };
  const freshUntil = addDays(verified, STALE_AFTER_DAYS);
  return { stale: date > freshUntil, verified_on: verified, fresh_until: freshUntil };
}

/** One warning line per vendor whose shown prices are stale (sorted by vendor id), for stderr. */
export function staleWarnings(
  catalog: Catalog,
  shown: Array<{ id: string; vendor: string }>,
  date: string,
): string[] {
  const byVendor = new Map<string, string[]>();
  for (const m of shown) {
    if (!vendorStaleness(catalog, m.vendor, date).stale) continue;
    byVendor.set(m.vendor, [...(byVendor.get(m.vendor) ?? []), m.id]);
  }
  return [...byVendor.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([vendor, ids]) => {
      const s = vendorStaleness(catalog, vendor, date);
      return `warning: ${vendor} prices were last verified on ${s.verified_on}; prices shown for ${date} are more than ${STALE_AFTER_DAYS} days later and may be stale (${ids.length} model${ids.length === 1 ? '' : 's'}: ${ids.join(', ')})`;
    });
}
