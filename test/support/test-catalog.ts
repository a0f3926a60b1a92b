/** The market fixture catalog used by the analysis unit tests (test/fixtures/catalog-market). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';

export const MARKET_FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/catalog-market');

let cached: Catalog | undefined;
export function marketFixture(): Catalog {
  cached ??= loadCatalog({ dir: MARKET_FIXTURE_DIR });
  return cached;
}
