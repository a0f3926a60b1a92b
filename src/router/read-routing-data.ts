/**
 * Reads routing data in RouteLLM's format: CSV files with a `prompt` column and one column per model,
 * named by the model, holding whether that model answered well (`True`/`False`, `1`/`0`, or a score in
 * [0, 1]); other columns are ignored (without --models, a column counts as a model when at least 90% of its
 * values are scores). `path` is one file or a folder of `*.csv` files (each file's name is
 * the example's `source`, e.g. the MMLU subject). `exclude` is a JSONL file of prompts to drop (RouteLLM's
 * contaminated_prompts.jsonl: objects with `eval_prompt`; objects with `prompt` and bare strings work too).
 * Every defect is one QuadrantError naming the file and line.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { QuadrantError } from '../errors.ts';
import { readTextFile } from '../read-text-file.ts';
import { CsvSyntaxError, parseCsv } from './csv-records.ts';

export interface RoutingExample {
  prompt: string;
  /** The file the prompt came from, without `.csv` (MMLU: `mmlu_<subject>`). */
  source: string;
  /** Success per model, aligned with RoutingData.models, each in [0, 1]. */
  scores: number[];
}

export interface RoutingData {
  models: string[];
  examples: RoutingExample[];
  files: string[];
  /** Prompts dropped because the exclude file lists them. */
  excluded: number;
}

export interface ReadRoutingOptions {
  /** Model columns to read (default: every column other than `prompt` whose values are all scores). */
  models?: string[];
  exclude?: string;
}

function dataError(message: string): QuadrantError {
  return new QuadrantError('invalid_routing_data', message, { param: 'data' });
}

/** `True`/`False`, `1`/`0` or a decimal in [0, 1]; undefined when the text is none of these. */
export function parseScore(text: string): number | undefined {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (lower === 'true') return 1;
  if (lower === 'false') return 0;
  if (!/^(\d+(\.\d*)?|\.\d+)(e-?\d+)?$/i.test(t)) return undefined;
  const v = Number(t);
  return v >= 0 && v <= 1 ? v : undefined;
}

function listCsvFiles(path: string): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new QuadrantError('file_unreadable', `cannot read routing data ${path}: ${reason}`, {
      param: 'data',
    });
  }
  if (!stat.isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) throw dataError(`routing data folder ${path} holds no .csv files`);
  return files;
}

export function readExcludedPrompts(path: string): Set<string> {
  const text = readTextFile(path, 'exclude file', { param: 'exclude' });
  const prompts = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new QuadrantError('invalid_routing_data', `${path} line ${i + 1} is not JSON`, {
        param: 'exclude',
      });
    }
    const prompt =
      typeof value === 'string'
        ? value
        : value && typeof value === 'object'
          ? ((value as Record<string, unknown>).eval_prompt ?? (value as Record<string, unknown>).prompt)
          : undefined;
    if (typeof prompt !== 'string') {
      throw new QuadrantError(
        'invalid_routing_data',
        `${path} line ${i + 1} has no prompt (expected a string or an object with "eval_prompt" or "prompt")`,
        { param: 'exclude' },
      );
    }
    prompts.add(prompt);
  }
  return prompts;
}

interface FileTable {
  file: string;
  header: string[];
  rows: Array<{ line: number; fields: string[] }>;
}

function readTable(file: string): FileTable {
  const text = readTextFile(file, 'routing data file', { param: 'data' });
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw dataError(`${file}: ${err.message}`);
    throw err;
  }
  if (records.length === 0) throw dataError(`${file} is empty (expected a header with a "prompt" column)`);
  const header = records[0].fields.map((h) => h.trim());
  if (!header.includes('prompt')) {
    throw dataError(`${file} has no "prompt" column (header: ${header.join(', ')})`);
  }
  for (const r of records.slice(1)) {
    if (r.fields.length !== header.length) {
      throw dataError(
        `${file} line ${r.line} has ${r.fields.length} fields, the header has ${header.length} (unquoted comma or line break?)`,
      );
    }
  }
  return { file, header, rows: records.slice(1) };
}

/** Score columns: most of their values are scores (a few bad cells are then reported by line, not hidden). */
function detectModelColumns(table: FileTable): string[] {
  return table.header.filter((h, col) => {
    if (h === 'prompt' || h === '') return false;
    const scores = table.rows.filter((r) => parseScore(r.fields[col]) !== undefined).length;
    return scores > 0 && scores * 10 >= table.rows.length * 9;
  });
}

export function readRoutingData(path: string, options: ReadRoutingOptions = {}): RoutingData {
  const files = listCsvFiles(path);
  const tables = files.map(readTable);
  let models = options.models;
  if (models === undefined) {
    models = detectModelColumns(tables[0]);
    for (const t of tables.slice(1)) {
      const here = detectModelColumns(t);
      if (here.join('\n') !== models.join('\n')) {
        throw dataError(
          `${t.file} has score columns [${here.join(', ')}], ${tables[0].file} has [${models.join(', ')}]; name the models with --models`,
        );
      }
    }
    if (models.length < 2) {
      throw dataError(
        `${tables[0].file} has ${models.length} score column(s) [${models.join(', ')}]; routing needs at least two models`,
      );
    }
  }
  const excludedPrompts =
    options.exclude === undefined ? new Set<string>() : readExcludedPrompts(options.exclude);
  const examples: RoutingExample[] = [];
  let excluded = 0;
  for (const t of tables) {
    const promptCol = t.header.indexOf('prompt');
    const cols = models.map((m) => {
      const col = t.header.indexOf(m);
      if (col < 0) {
        const others = t.header.filter((h) => h !== 'prompt');
        throw dataError(`${t.file} has no column for model "${m}" (its columns: ${others.join(', ')})`);
      }
      return col;
    });
    const source = basename(t.file).replace(/\.csv$/i, '');
    for (const r of t.rows) {
      const prompt = r.fields[promptCol];
      if (prompt.trim() === '') throw dataError(`${t.file} line ${r.line} has an empty prompt`);
      if (excludedPrompts.has(prompt)) {
        excluded++;
        continue;
      }
      const scores = cols.map((col, k) => {
        const v = parseScore(r.fields[col]);
        if (v === undefined) {
          throw dataError(
            `${t.file} line ${r.line}: "${r.fields[col]}" is not a score for ${models[k]} (expected True/False, 1/0 or a number in [0, 1])`,
          );
        }
        return v;
      });
      examples.push({ prompt, source, scores });
    }
  }
  if (examples.length === 0) throw dataError(`${path} holds no prompts (after exclusions)`);
  return { models, examples, files, excluded };
}
