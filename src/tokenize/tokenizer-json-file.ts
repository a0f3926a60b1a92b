/**
 * A Hugging Face tokenizer.json read without building its vocabulary and merges as JS objects. JSON.parse of
 * Qwen3's 11 MB file makes ≈ 40 MB of objects (151,643 vocabulary keys, 151,387 merge pairs) that live long
 * enough to reach V8's old space, so a gateway kept them resident until its next full GC; so did an 11 MB
 * string of the whole file. Here the file is read 1 MB at a time as latin1 (a char per byte): one pass finds
 * the byte ranges of `model.vocab` and `model.merges`; everything else (normalizer, pre-tokenizer, added
 * tokens: a few hundred kB) goes through JSON.parse; and the vocabulary and the merges are handed out entry by
 * entry as ranges of those chunks, the UTF-8 bytes of their strings, which is what a byte-level BPE works on.
 * Gateway with 10 models (Qwen3 and DeepSeek-V3 among them) after start: 164 MB of RSS with JSON.parse of the
 * file, 143 MB with the file scanned as one string, 128-133 MB this way.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  asBytes,
  asText,
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  forEachElement,
  forEachMember,
  hasEscape,
  numberAt,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  skipSpace,
  skipValue,
  stringRange,
} from './json-scan.ts';

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

/**
 * A tokenizer.json's BPE data. The vocabulary's and the merges' strings come as ranges of a string of latin1
 * chars that are their UTF-8 bytes (for the scanned file: ranges of the chunk read, so that handing them out
 * allocates nothing but for the rare string with an escape).
 */
export interface BpeSource {
  /** The file's settings (`model.vocab` and `model.merges` may be left empty: see the two calls below). */
  config: HfTokenizerJson;
  /** Calls fn(s, from, to, id) for each vocabulary entry, the token being s[from, to). */
  forEachToken(fn: (s: string, from: number, to: number, id: number) => void): void;
  /**
   * Calls fn(s, aFrom, aTo, bFrom, bTo) for each merge in rank order, merging s[aFrom, aTo) with s[bFrom, bTo);
   * `"a b"` is split as transformers.js's `x.split(' ', 2)` does.
   */
  forEachMerge(fn: MergeFn): void;
}

type MergeFn = (s: string, aFrom: number, aTo: number, bFrom: number, bTo: number) => void;

/** Hands out the merge `"a b"` that is s[from, to), split at its first space, the right side up to a second. */
function splitMerge(s: string, from: number, to: number, fn: MergeFn): void {
  const space = s.indexOf(' ', from);
  if (space < 0 || space >= to)
    throw new Error(`malformed merge ${JSON.stringify(asText(s.slice(from, to)))}`);
  const second = s.indexOf(' ', space + 1);
  fn(s, from, space, space + 1, second < 0 || second > to ? to : second);
}

/** Hands out the merge ["a", "b"] given as two strings. */
function joinMerge(pair: string[], fn: MergeFn): void {
  if (pair.length !== 2) throw new Error(`malformed merge ${JSON.stringify(pair.map(asText))}`);
  const [a, b] = pair;
  fn(a + b, 0, a.length, a.length, a.length + b.length);
}

/** A BpeSource over an already parsed tokenizer.json (strings as text). */
export function parsedBpeSource(json: HfTokenizerJson): BpeSource {
  return {
    config: json,
    forEachToken: (fn) => {
      for (const [token, id] of Object.entries(json.model.vocab)) {
        const bytes = asBytes(token);
        fn(bytes, 0, bytes.length, id);
      }
    },
    forEachMerge: (fn) => {
      for (const merge of json.model.merges) {
        if (typeof merge === 'string') {
          const bytes = asBytes(merge);
          splitMerge(bytes, 0, bytes.length, fn);
        } else joinMerge(merge.map(asBytes), fn);
      }
    },
  };
}

/** Bytes read at a time: the most of the file held at once. */
const CHUNK_BYTES = 1 << 20;

/** Calls fn with the file's bytes [from, to) as latin1 strings of at most `chunk` bytes, in order. */
function readChunks(fd: number, from: number, to: number, chunk: number, fn: (text: string) => void): void {
  const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(chunk, to - from)));
  for (let at = from; at < to; ) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, to - at), at);
    if (n <= 0) throw new Error('tokenizer.json: unexpected end of file');
    fn(buffer.toString('latin1', 0, n));
    at += n;
  }
}

/** Where a scan over JSON bytes is: in a string (after a backslash), and how deep in containers. */
interface ScanState {
  inString: boolean;
  escaped: boolean;
  depth: number;
}

/**
 * Follows strings and nesting through buffer[from, to) while deeper than `floor` + 1; returns the index of the
 * bracket that closes the container at depth `floor` + 1 (not consumed), or `to`. The one loop that sees most
 * of the file's bytes, kept apart so that it stays optimized (no rare path to deoptimize it).
 */
function skipNested(buffer: Buffer, from: number, to: number, state: ScanState, floor: number): number {
  let { inString, escaped, depth } = state;
  let i = from;
  for (; i < to; i++) {
    const c = buffer[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === floor + 1) break;
      depth--;
    }
  }
  state.inString = inString;
  state.escaped = escaped;
  state.depth = depth;
  return i;
}

/**
 * Byte ranges of the values of model.vocab and model.merges, found by one pass over the file's bytes that
 * follows strings, nesting and the keys of the top object and of `model` (the last of a repeated key, as
 * JSON.parse); below those two levels, skipNested runs through.
 */
function locate(
  fd: number,
  size: number,
  chunk: number,
): { vocab?: [number, number]; merges?: [number, number] } {
  const found: { vocab?: [number, number]; merges?: [number, number] } = {};
  const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(chunk, size)));
  const state: ScanState = { inString: false, escaped: false, depth: 0 };
  let text = ''; // the current string's first chars, when it is a key of the top object or of model
  let last = ''; // the last string closed there
  let key1 = ''; // the key of the top object's current member
  let key2 = ''; // the key of model's current member
  let inModel = false;
  let open: 'vocab' | 'merges' | undefined;
  let openAt = 0;
  for (let base = 0; base < size; ) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - base), base);
    if (n <= 0) throw new Error('tokenizer.json: unexpected end of file');
    for (let i = 0; i < n; i++) {
      if (state.depth > 2) {
        i = skipNested(buffer, i, n, state, 2);
        if (i === n) break;
      }
      const c = buffer[i];
      if (state.inString) {
        if (state.escaped) state.escaped = false;
        else if (c === BACKSLASH) state.escaped = true;
        else if (c === QUOTE) {
          state.inString = false;
          last = text;
        } else if (text.length <= 8) text += String.fromCharCode(c);
      } else if (c === QUOTE) {
        state.inString = true;
        text = '';
      } else if (c === COLON) {
        if (state.depth === 1) key1 = last;
        else if (state.depth === 2 && inModel) key2 = last;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (state.depth === 1 && key1 === 'model' && c === OPEN_BRACE) inModel = true;
        else if (state.depth === 2 && inModel && (key2 === 'vocab' || key2 === 'merges')) {
          open = key2;
          openAt = base + i;
        }
        state.depth++;
        if (state.depth === 2) key2 = '';
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        state.depth--;
        if (state.depth === 2 && open) {
          found[open] = [openAt, base + i + 1];
          open = undefined;
        } else if (state.depth === 1) inModel = false;
      } else if (c === COMMA) {
        if (state.depth === 1) key1 = '';
        else if (state.depth === 2) key2 = '';
      }
    }
    base += n;
  }
  return found;
}

/**
 * Reads the inside of the object or array at the file's bytes [from, to) a chunk at a time: `parse` handles
 * the entries of the text it is given and returns where it stopped (at an entry that may go on in the next
 * chunk, unless `final`); the bytes from there are carried to the front of the buffer and the next read goes
 * after them (the buffer doubles when one entry outgrows it).
 */
function readEntries(
  fd: number,
  from: number,
  to: number,
  chunk: number,
  parse: (text: string, final: boolean) => number,
): void {
  let buffer = Buffer.allocUnsafe(Math.max(1, chunk));
  let carried = 0;
  for (let at = from + 1; at < to - 1; ) {
    if (carried === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, carried);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, carried, Math.min(buffer.length - carried, to - 1 - at), at);
    if (n <= 0) throw new Error('tokenizer.json: unexpected end of file');
    at += n;
    const end = carried + n;
    const stop = parse(buffer.toString('latin1', 0, end), at >= to - 1);
    buffer.copy(buffer, 0, stop, end);
    carried = end - stop;
  }
}

/**
 * Reads a tokenizer.json file as a BpeSource (see the top of this file); `chunk` (bytes read at a time) is
 * there for the tests.
 */
export function readBpeSource(path: string, chunk = CHUNK_BYTES): BpeSource {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const { vocab, merges } = locate(fd, size, chunk);
    if (!vocab || !merges) throw new Error(`${path}: no model.vocab object and model.merges array`);
    const [first, second] = vocab[0] < merges[0] ? [vocab, merges] : [merges, vocab];
    const parts: string[] = [];
    const keep = (from: number, to: number) => readChunks(fd, from, to, chunk, (t) => parts.push(t));
    keep(0, first[0]);
    parts.push(first === vocab ? '{}' : '[]');
    keep(first[1], second[0]);
    parts.push(second === vocab ? '{}' : '[]');
    keep(second[1], size);
    const config = JSON.parse(asText(parts.join(''))) as HfTokenizerJson;
    return {
      config,
      forEachToken: (fn) =>
        withFile(path, (f) =>
          readEntries(f, vocab[0], vocab[1], chunk, (s, final) =>
            forEachMember(
              s,
              0,
              s.length,
              (kf, kt, vf, vt) => {
                const id = numberAt(s, vf, vt);
                if (!hasEscape(s, kf + 1, kt - 1)) fn(s, kf + 1, kt - 1, id);
                else {
                  const [bytes, from, to] = stringRange(s, kf, kt);
                  fn(bytes, from, to, id);
                }
              },
              final,
            ),
          ),
        ),
      forEachMerge: (fn) =>
        withFile(path, (f) =>
          readEntries(f, merges[0], merges[1], chunk, (s, final) =>
            forEachElement(s, 0, s.length, (from, to) => merge(s, from, to, fn), final),
          ),
        ),
    };
  } finally {
    closeSync(fd);
  }
}

function withFile(path: string, fn: (fd: number) => void): void {
  const fd = openSync(path, 'r');
  try {
    fn(fd);
  } finally {
    closeSync(fd);
  }
}

/** Hands out the merge s[from, to): `"a b"` or `["a", "b"]`. */
function merge(s: string, from: number, to: number, fn: MergeFn): void {
  if (s.charCodeAt(from) === QUOTE) {
    const [bytes, f, t] = stringRange(s, from, to);
    splitMerge(bytes, f, t, fn);
    return;
  }
  // ["a", "b"], read in place (no array per merge)
  const a0 = skipSpace(s, from + 1);
  const a1 = skipValue(s, a0);
  const comma = skipSpace(s, a1);
  const b0 = skipSpace(s, comma + 1);
  const b1 = skipValue(s, b0);
  const pairOfStrings =
    s.charCodeAt(a0) === QUOTE &&
    s.charCodeAt(comma) === COMMA &&
    s.charCodeAt(b0) === QUOTE &&
    s.charCodeAt(skipSpace(s, b1)) === CLOSE_BRACKET;
  if (pairOfStrings && !hasEscape(s, a0, a1) && !hasEscape(s, b0, b1)) fn(s, a0 + 1, a1 - 1, b0 + 1, b1 - 1);
  else {
    const pair: string[] = [];
    forEachElement(s, from + 1, to - 1, (f, t) =>
      pair.push(asBytes(JSON.parse(asText(s.slice(f, t))) as string)),
    );
    joinMerge(pair, fn);
  }
}
