/**
 * `quadrant catalog import`: parse a LiteLLM price map or an OpenRouter model list completely (any
 * malformed entry fails the whole import before anything is written), then write every model and price
 * point to the store in one transaction.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { addCatalogAdditions } from '../../catalog/catalog-overrides.ts';
import { type ImportResult, parseLiteLlmPrices } from '../../catalog/import-litellm.ts';
import { parseOpenRouterModels } from '../../catalog/import-openrouter.ts';
import type { Store } from '../../store/open-store.ts';
import { fileLabel, readOptionFile } from '../market-options.ts';

export type ImportFormat = 'litellm' | 'openrouter';

export interface ImportSummaryJson {
  format: ImportFormat;
  file: string;
  valid_from: string;
  models_added: number;
  prices_added: number;
  skipped: Array<{ key: string; reason: string }>;
  dry_run: boolean;
}

export function importCatalogFile(
  store: Store | null,
  catalog: Catalog,
  q: { format: ImportFormat; path: string; date: string },
): ImportSummaryJson {
  const text = readOptionFile(q.path, `--${q.format}`);
  const options = {
    fileName: fileLabel(q.path),
    date: q.date,
    knownModel: (id: string) => (catalog.hasModel(id) ? catalog.model(id).id : undefined),
  };
  const parsed: ImportResult =
    q.format === 'litellm' ? parseLiteLlmPrices(text, options) : parseOpenRouterModels(text, options);
  if (store) addCatalogAdditions(store, parsed.additions, `${q.format}:${options.fileName}`);
  return {
    format: q.format,
    file: q.path,
    valid_from: q.date,
    models_added: parsed.additions.models.length,
    prices_added: parsed.additions.prices.length,
    skipped: parsed.skipped,
    dry_run: store === null,
  };
}
