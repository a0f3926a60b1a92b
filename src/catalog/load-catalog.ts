/**
 * Loads and validates the catalog files (data/catalog/*.yaml) into a `Catalog`.
 * A bad entry is a QuadrantError('invalid_catalog') naming the file and the path inside it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { z } from 'zod';
import { describePath } from '../describe-path.ts';
import { QuadrantError } from '../errors.ts';
import { readTextFile } from '../read-text-file.ts';
import { Catalog, type CatalogModel } from './catalog.ts';
import {
  type FxRate,
  fxFileSchema,
  type Model,
  modelsFileSchema,
  type Vendor,
  vendorsFileSchema,
} from './schema.ts';

/** The built-in catalog shipped with Quadrant. */
export const BUILTIN_CATALOG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/catalog');

export interface CatalogSources {
  vendors: Vendor[];
  models: Array<Model & { vendor: string }>;
  fx: FxRate[];
  /** Files read, relative to the catalog directory. */
  files: string[];
}

/** Parses one YAML file and validates it; errors name the file and the path of the bad entry. */
export function readCatalogFile<S extends z.ZodType>(file: string, schema: S, label = file): z.output<S> {
  const text = readTextFile(file, 'catalog file');
  let data: unknown;
  try {
    data = YAML.parse(text, { prettyErrors: true });
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0];
    throw new QuadrantError('invalid_catalog', `${label}: not valid YAML: ${first}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = describePath(data, issue.path as Array<string | number>);
    const more =
      parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    throw new QuadrantError('invalid_catalog', `${label}: ${where}: ${issue.message}${more}`);
  }
  return parsed.data;
}

export function readCatalogSources(dir: string = BUILTIN_CATALOG_DIR): CatalogSources {
  const rel = (f: string) => relative(process.cwd(), f) || f;
  const vendorsFile = join(dir, 'vendors.yaml');
  const fxFile = join(dir, 'fx.yaml');
  const modelsDir = join(dir, 'models');
  for (const f of [vendorsFile, fxFile, modelsDir]) {
    if (!existsSync(f))
      throw new QuadrantError('invalid_catalog', `catalog incomplete: ${rel(f)} is missing`);
  }
  const { vendors } = readCatalogFile(vendorsFile, vendorsFileSchema, rel(vendorsFile));
  const { rates } = readCatalogFile(fxFile, fxFileSchema, rel(fxFile));
  const vendorIds = new Set(vendors.map((v) => v.id));
  const models: Array<Model & { vendor: string }> = [];
  const files = [vendorsFile, fxFile];
  const seen = new Map<string, string>();
  for (const name of readdirSync(modelsDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const file = join(modelsDir, name);
    files.push(file);
    const parsed = readCatalogFile(file, modelsFileSchema, rel(file));
    if (!vendorIds.has(parsed.vendor)) {
      throw new QuadrantError(
        'invalid_catalog',
        `${rel(file)}: vendor "${parsed.vendor}" is not in vendors.yaml`,
      );
    }
    for (const m of parsed.models) {
      const prior = seen.get(m.id);
      if (prior)
        throw new QuadrantError('invalid_catalog', `${rel(file)}: model id "${m.id}" also in ${prior}`);
      seen.set(m.id, rel(file));
      models.push({ ...m, vendor: parsed.vendor });
    }
  }
  return { vendors, models, fx: rates, files: files.map(rel) };
}

let builtin: Catalog | undefined;

/**
 * The catalog: built-in files, optionally extended/overridden by user models and prices from the store.
 * The built-in part is parsed once per process.
 */
export function loadCatalog(options: { dir?: string; extraModels?: CatalogModel[] } = {}): Catalog {
  if (options.dir === undefined && options.extraModels === undefined) {
    builtin ??= Catalog.fromSources(readCatalogSources());
    return builtin;
  }
  const sources = readCatalogSources(options.dir ?? BUILTIN_CATALOG_DIR);
  return Catalog.fromSources(sources, options.extraModels);
}
