/** Whether a model is on the market (has any price in force) on a date, and the catalog's price dates. */
import { type Catalog, pointsInForce } from '../catalog/catalog.ts';
import type { PricePoint } from '../catalog/schema.ts';

export function pointsInForceAny(prices: PricePoint[], date: string): boolean {
  return pointsInForce(prices, date).length > 0;
}

/** Every distinct valid_from / valid_to date in the catalog, sorted: the stops of the dashboard's date slider. */
export function catalogPriceDates(catalog: Catalog): string[] {
  const dates = new Set<string>();
  for (const m of catalog.models()) {
    for (const p of m.prices) {
      dates.add(p.valid_from);
      if (p.valid_to) dates.add(p.valid_to);
    }
  }
  return [...dates].sort();
}
