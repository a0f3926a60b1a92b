/**
 * `quadrant catalog validate`: every catalog file against its zod schema, then cross-checks the schemas
 * cannot express, collecting ALL problems (each naming the file and the path inside it):
 *  - vendor ids unique; each models file's vendor exists in vendors.yaml
 *  - model ids unique across files, aliases do not shadow another model's id
 *  - per model, price points of the same currency and tier do not overlap (two starting on the same day,
 *    or an explicit valid_to past the next point's valid_from)
 *  - every figure (price, score, rate) has a real source (not blank, not a TODO placeholder)
 * and a coverage summary.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isQuadrantError } from '../errors.ts';
import { readCatalogFile } from './load-catalog.ts';
import { QualityModel } from './quality-index.ts';
import {
  type FxRate,
  fxFileSchema,
  type Model,
  modelsFileSchema,
  type Vendor,
  vendorsFileSchema,
} from './schema.ts';

export interface CoverageSummary {
  vendors: number;
  models: number;
  pricePoints: number;
  primaryPricePoints: number;
  /** primaryPricePoints / pricePoints, 0–1 */
  sharePrimary: number;
  byConfidence: Record<string, number>;
  modelsWithQualityIndex: number;
  /** Models with an index on the Chinese-language axis. */
  modelsWithChineseQualityIndex: number;
  /** Score groups that could not be put on an axis' scale (group: reason). */
  qualityScoresUnused: string[];
  modelsWithExactTokenizer: number;
  fxRates: number;
  files: number;
}

export interface ValidationReport {
  problems: string[];
  summary: CoverageSummary;
}

const PLACEHOLDER = /^(todo|tbd|fixme|\?+|n\/a|none|unknown)$/i;

function tierKey(t: Model['prices'][number]['tier']): string {
  return t ? `tier ≤${t.max_input_tokens ?? '∞'} >${t.min_input_tokens_exclusive ?? 0}` : 'base tier';
}

export function validateCatalogDir(dir: string): ValidationReport {
  const problems: string[] = [];
  const rel = (f: string) => relative(process.cwd(), f) || f;
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      problems.push(isQuadrantError(err) ? err.message : String(err));
      return undefined;
    }
  };
  const vendorsFile = join(dir, 'vendors.yaml');
  const fxFile = join(dir, 'fx.yaml');
  const modelsDir = join(dir, 'models');
  for (const f of [vendorsFile, fxFile, modelsDir]) if (!existsSync(f)) problems.push(`${rel(f)}: missing`);
  const vendors: Vendor[] = existsSync(vendorsFile)
    ? (attempt(() => readCatalogFile(vendorsFile, vendorsFileSchema, rel(vendorsFile)))?.vendors ?? [])
    : [];
  const rates: FxRate[] = existsSync(fxFile)
    ? (attempt(() => readCatalogFile(fxFile, fxFileSchema, rel(fxFile)))?.rates ?? [])
    : [];
  const sourced = (label: string, source: string) => {
    if (!source.trim() || PLACEHOLDER.test(source.trim()))
      problems.push(`${label}: source "${source}" is not a source`);
  };
  const vendorIds = new Set<string>();
  vendors.forEach((v, i) => {
    if (vendorIds.has(v.id))
      problems.push(`${rel(vendorsFile)}: vendors[${i}] (id ${v.id}): duplicate vendor id`);
    vendorIds.add(v.id);
  });
  for (const [i, r] of rates.entries()) sourced(`${rel(fxFile)}: rates[${i}]`, r.source);

  const models: Array<{ model: Model; file: string; index: number }> = [];
  const files = existsSync(modelsDir)
    ? readdirSync(modelsDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  for (const name of files) {
    const file = rel(join(modelsDir, name));
    const parsed = attempt(() => readCatalogFile(join(modelsDir, name), modelsFileSchema, file));
    if (!parsed) continue;
    if (vendors.length > 0 && !vendorIds.has(parsed.vendor)) {
      problems.push(`${file}: vendor: "${parsed.vendor}" is not in vendors.yaml`);
    }
    for (const [index, model] of parsed.models.entries()) models.push({ model, file, index });
  }

  const owner = new Map<string, string>();
  for (const { model, file, index } of models) {
    const at = `${file}: models[${index}] (id ${model.id})`;
    const prior = owner.get(model.id);
    if (prior) problems.push(`${at}: duplicate model id (also ${prior})`);
    else owner.set(model.id, at);
  }
  for (const { model, file, index } of models) {
    const at = `${file}: models[${index}] (id ${model.id})`;
    for (const alias of model.aliases ?? []) {
      const other = owner.get(alias);
      if (other && alias !== model.id) problems.push(`${at}.aliases: "${alias}" is the id of ${other}`);
    }
    for (const [i, p] of model.prices.entries()) sourced(`${at}.prices[${i}]`, p.source);
    for (const [i, q] of model.quality.entries()) sourced(`${at}.quality[${i}]`, q.source);
    const groups = new Map<string, Array<{ p: Model['prices'][number]; i: number }>>();
    model.prices.forEach((p, i) => {
      const key = `${p.currency} ${tierKey(p.tier)}`;
      groups.set(key, [...(groups.get(key) ?? []), { p, i }]);
    });
    for (const [key, list] of groups) {
      list.sort((a, b) => a.p.valid_from.localeCompare(b.p.valid_from));
      for (let k = 1; k < list.length; k++) {
        const prev = list[k - 1];
        const cur = list[k];
        if (prev.p.valid_from === cur.p.valid_from) {
          problems.push(
            `${at}.prices[${cur.i}]: starts on ${cur.p.valid_from} like prices[${prev.i}] (${key})`,
          );
        } else if (prev.p.valid_to !== undefined && prev.p.valid_to > cur.p.valid_from) {
          problems.push(
            `${at}.prices[${prev.i}]: valid_to ${prev.p.valid_to} overlaps prices[${cur.i}] from ${cur.p.valid_from} (${key})`,
          );
        }
      }
    }
  }

  const points = models.flatMap(({ model }) => model.prices);
  const byConfidence: Record<string, number> = {};
  for (const p of points) byConfidence[p.confidence] = (byConfidence[p.confidence] ?? 0) + 1;
  const primary = byConfidence.primary ?? 0;
  const quality = new QualityModel(models.map(({ model }) => model));
  const withIndex = (axis: 'general' | 'zh') =>
    models.filter(({ model }) => quality.index(model.id, axis) !== null).length;
  return {
    problems,
    summary: {
      vendors: vendors.length,
      models: models.length,
      pricePoints: points.length,
      primaryPricePoints: primary,
      sharePrimary: points.length ? primary / points.length : 0,
      byConfidence,
      modelsWithQualityIndex: withIndex('general'),
      modelsWithChineseQualityIndex: withIndex('zh'),
      qualityScoresUnused: [...quality.scales('general').unused, ...quality.scales('zh').unused].map(
        (u) => `${u.group}: ${u.reason}`,
      ),
      modelsWithExactTokenizer: models.filter(({ model }) => model.tokenizer !== 'estimate').length,
      fxRates: rates.length,
      files: files.length + 2,
    },
  };
}
