/**
 * A Hugging Face tokenizer.json read without building its vocabulary and merges as JS objects. JSON.parse of
 * Qwen3's 11 MB file makes ≈ 40 MB of objects (151,643 vocabulary keys, 151,387 merge pairs) that live long
 * enough to reach V8's old space, so a gateway kept them resident until its next full GC (≈ 50 MB of RSS after
 * start for Qwen3 and DeepSeek-V3). Here the file is one latin1 string (a char per byte: 11 MB, not 22 MB as
 * UTF-16), walked once to find `model.vocab` and `model.merges`; everything else (normalizer, pre-tokenizer,
 * added tokens: a few hundred kB) goes through JSON.parse, and the vocabulary and the merges are handed out
 * entry by entry as short-lived strings of UTF-8 bytes (latin1 chars), which is what a byte-level BPE works on.
 */
import { readFileSync } from 'node:fs';

/** The parts of a tokenizer.json a byte-level BPE counter reads; strings as text. */
export interface HfTokenizerJson {
  added_tokens?: { content: string; lstrip?: boolean; rstrip?: boolean }[];
  normalizer?: HfNormalizer | null;
  pre_tokenizer?: HfPreTokenizer | null;
  model: {
    type: string;
    vocab: Record<string, number>;
    merges: (string | [string, string])[];
    dropout?: number | null;
    ignore_merges?: boolean;
    byte_fallback?: boolean;
    continuing_subword_prefix?: string | null;
    end_of_word_suffix?: string | null;
  };
}

export interface HfNormalizer {
  type: string;
  normalizers?: HfNormalizer[];
}

export interface HfPreTokenizer {
  type: string;
  pretokenizers?: HfPreTokenizer[];
  pattern?: { Regex?: string; String?: string };
  behavior?: string;
  invert?: boolean;
  add_prefix_space?: boolean;
  use_regex?: boolean;
}

/** A tokenizer.json's BPE data, the vocabulary and merge strings as UTF-8 bytes in latin1 chars. */
export interface BpeSource {
  /** The file's settings (`model.vocab` and `model.merges` may be left empty: see the two calls below). */
  config: HfTokenizerJson;
  forEachToken(fn: (bytes: string, id: number) => void): void;
  /** The merges in rank order, each pair split as transformers.js does (`"a b"` at the first space). */
  forEachMerge(fn: (left: string, right: string) => void): void;
}

const asBytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const asText = (bytes: string) => Buffer.from(bytes, 'latin1').toString('utf8');

/** The pair a merge entry stands for: `["a", "b"]`, or `"a b"` split as transformers.js's `x.split(' ', 2)`. */
function mergePair(merge: string | string[]): [string, string] {
  const [a, b] = typeof merge === 'string' ? merge.split(' ', 2) : merge;
  if (a === undefined || b === undefined) throw new Error(`malformed merge ${JSON.stringify(merge)}`);
  return [a, b];
}

/** A BpeSource over an already parsed tokenizer.json (strings as text). */
export function parsedBpeSource(json: HfTokenizerJson): BpeSource {
  return {
    config: json,
    forEachToken: (fn) => {
      for (const [token, id] of Object.entries(json.model.vocab)) fn(asBytes(token), id);
    },
    forEachMerge: (fn) => {
      for (const merge of json.model.merges) {
        const [a, b] = mergePair(merge);
        fn(asBytes(a), asBytes(b));
      }
    },
  };
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/** JSON whitespace: space, tab, LF, CR. */
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

function skipSpace(s: string, i: number): number {
  let j = i;
  while (j < s.length && isSpace(s.charCodeAt(j))) j++;
  return j;
}

/** Index just past the JSON string starting at s[i] (a quote). */
function skipString(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  throw new Error(`unterminated JSON string at ${i}`);
}

/** Index just past the JSON value starting at s[i]. */
function skipValue(s: string, i: number): number {
  let j = i;
  const c = s.charCodeAt(j);
  if (c === QUOTE) return skipString(s, j);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
    for (let d = c; j < s.length && !isSpace(d) && d !== COMMA && d !== CLOSE_BRACE && d !== CLOSE_BRACKET; )
      d = s.charCodeAt(++j);
    return j;
  }
  let depth = 0;
  do {
    const d = s.charCodeAt(j);
    if (d === QUOTE) {
      j = skipString(s, j);
      continue;
    }
    if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
    else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) depth--;
    j++;
  } while (depth > 0 && j < s.length);
  return j;
}

/** The string value of the JSON string s[from, to) (quotes included), as UTF-8 bytes in latin1 chars. */
function stringBytes(s: string, from: number, to: number): string {
  const raw = s.slice(from + 1, to - 1);
  // without escapes the file's bytes are the string's UTF-8; with them, decode the JSON properly
  return raw.includes('\\') ? asBytes(JSON.parse(asText(`"${raw}"`)) as string) : raw;
}

/** Calls fn(keyFrom, keyTo, valueFrom, valueTo) for each member of the object at s[i]. */
function forEachMember(
  s: string,
  i: number,
  fn: (kf: number, kt: number, vf: number, vt: number) => void,
): void {
  let j = skipSpace(s, i + 1);
  while (j < s.length && s.charCodeAt(j) !== CLOSE_BRACE) {
    const keyEnd = skipString(s, j);
    const valueStart = skipSpace(s, skipSpace(s, keyEnd) + 1); // past the ':'
    const valueEnd = skipValue(s, valueStart);
    fn(j, keyEnd, valueStart, valueEnd);
    j = skipSpace(s, valueEnd);
    if (s.charCodeAt(j) === COMMA) j = skipSpace(s, j + 1);
  }
}

/** Calls fn(from, to) for each element of the array at s[i]. */
function forEachElement(s: string, i: number, fn: (from: number, to: number) => void): void {
  let j = skipSpace(s, i + 1);
  while (j < s.length && s.charCodeAt(j) !== CLOSE_BRACKET) {
    const end = skipValue(s, j);
    fn(j, end);
    j = skipSpace(s, end);
    if (s.charCodeAt(j) === COMMA) j = skipSpace(s, j + 1);
  }
}

/** The value ranges of the members of the object at s[i], by their key as written (the last one, as JSON.parse). */
function members(s: string, i: number): Map<string, [number, number]> {
  const found = new Map<string, [number, number]>();
  if (s.charCodeAt(i) !== OPEN_BRACE) return found;
  forEachMember(s, i, (kf, kt, vf, vt) => {
    found.set(s.slice(kf + 1, kt - 1), [vf, vt]);
  });
  return found;
}

/** Reads a tokenizer.json file as a BpeSource (see the top of this file). */
export function readBpeSource(path: string): BpeSource {
  const s = readFileSync(path, 'latin1');
  const model = members(s, skipSpace(s, 0)).get('model');
  const parts = model ? members(s, model[0]) : new Map<string, [number, number]>();
  const vocab = parts.get('vocab');
  const merges = parts.get('merges');
  if (!vocab || !merges || s.charCodeAt(vocab[0]) !== OPEN_BRACE || s.charCodeAt(merges[0]) !== OPEN_BRACKET)
    throw new Error(`${path}: no model.vocab object and model.merges array`);
  const [first, second] = vocab[0] < merges[0] ? [vocab, merges] : [merges, vocab];
  const blank = (r: [number, number]) => (r === vocab ? '{}' : '[]');
  const rest = `${s.slice(0, first[0])}${blank(first)}${s.slice(first[1], second[0])}${blank(second)}${s.slice(second[1])}`;
  return {
    config: JSON.parse(asText(rest)) as HfTokenizerJson,
    forEachToken: (fn) =>
      forEachMember(s, vocab[0], (kf, kt, vf, vt) => fn(stringBytes(s, kf, kt), Number(s.slice(vf, vt)))),
    forEachMerge: (fn) =>
      forEachElement(s, merges[0], (from, to) => {
        if (s.charCodeAt(from) === QUOTE) {
          const [a, b] = mergePair(stringBytes(s, from, to));
          fn(a, b);
          return;
        }
        const pair: string[] = [];
        forEachElement(s, from, (f, t) => pair.push(stringBytes(s, f, t)));
        const [a, b] = mergePair(pair);
        fn(a, b);
      }),
  };
}
