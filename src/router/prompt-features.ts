/**
 * Prompt → sparse feature vector, offline and fast (one pass over the text, no allocation per token):
 *   - words by script: runs of Latin letters/digits are words (lower-cased); a run of Han/kana/hangul is
 *     split into single characters and character bigrams (Chinese has no spaces; char bigrams approximate
 *     its words); word unigrams and bigrams are hashed;
 *   - character 5-grams of the lower-cased text (spelling, formulas, code punctuation);
 *   - dense features: length, language (share of Han / Latin / other letters), and markers of math,
 *     code and multi-step reasoning (see DENSE_FEATURES).
 * Hashed features land in [DENSE_SLOTS, 2^bits); each namespace (words, characters) is scaled by
 * 1/sqrt(its count) so long prompts do not dominate. The same text always gives the same vector (no
 * randomness, no model files). One pass over the text, no allocation per call: ~5,000 characters
 * (1k tokens) take well under 0.1 ms with the model (bench/router-decision.bench.ts).
 */

export interface FeatureVector {
  /** Hashed word features (slots into the weight table; repeats add up), each worth `wordScale`. */
  words: Int32Array;
  wordCount: number;
  wordScale: number;
  /** Hashed character n-grams, each worth `charScale`. */
  chars: Int32Array;
  charCount: number;
  charScale: number;
  /** Dense feature values; slot k is DENSE_FEATURES[k] (slot 0, the bias, is 1). */
  dense: Float64Array;
}

/** Names of the dense features, in slot order (slot 0 is the bias). */
export const DENSE_FEATURES = [
  'bias',
  'log_chars',
  'log_words',
  'han_share',
  'latin_share',
  'other_script_share',
  'digit_share',
  'math_symbols',
  'math_words',
  'latex',
  'code_markers',
  'code_words',
  'multi_step_words',
  'numbered_statements',
  'question_marks',
  'lines',
] as const;

export const DENSE_SLOTS = 16;

const MATH_WORDS = [
  'calculate',
  'compute',
  'solve',
  'equation',
  'integral',
  'derivative',
  'probability',
  'sum',
  'product',
  'value',
  'find',
  'how',
  'many',
  'much',
  'percent',
  'ratio',
  'average',
  'matrix',
  'function',
  'polynomial',
  'prime',
  'root',
  '计算',
  '求解',
  '方程',
  '概率',
];
const CODE_WORDS = [
  'def',
  'return',
  'function',
  'class',
  'int',
  'void',
  'print',
  'var',
  'const',
  'let',
  'import',
  'include',
  'printf',
  'array',
  'null',
  'true',
  'false',
  'code',
  'program',
  'algorithm',
  'python',
  'java',
  'sql',
  '代码',
  '函数',
  '程序',
];
const MULTI_STEP_WORDS = [
  'step',
  'steps',
  'first',
  'then',
  'therefore',
  'explain',
  'prove',
  'because',
  'statement',
  'following',
  'assume',
  'suppose',
  'if',
  'both',
  'neither',
  'except',
  'not',
  '步骤',
  '首先',
  '然后',
  '证明',
  '解释',
];

const MATH = 1;
const CODE = 2;
const MULTI_STEP = 4;

function fnvWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h;
}

/** Latin marker words by their FNV hash (the extractor hashes words anyway, so matching costs nothing). */
const LATIN_MARKERS = new Map<number, number>();
/** The same as a small open-addressing table: a Map lookup per word costs more than the rest of the word. */
const MARKER_BITS = 10;
const MARKER_KEYS = new Int32Array(1 << MARKER_BITS);
const MARKER_VALUES = new Uint8Array(1 << MARKER_BITS);
/** Two-character Han markers by (first << 16 | second). */
const HAN_MARKERS = new Map<number, number>();
for (const [list, bit] of [
  [MATH_WORDS, MATH],
  [CODE_WORDS, CODE],
  [MULTI_STEP_WORDS, MULTI_STEP],
] as const) {
  for (const w of list) {
    if (/^[a-z]+$/.test(w)) LATIN_MARKERS.set(fnvWord(w), (LATIN_MARKERS.get(fnvWord(w)) ?? 0) | bit);
    else if (w.length === 2) HAN_MARKERS.set((w.charCodeAt(0) << 16) | w.charCodeAt(1), bit);
  }
}
for (const [hash, bits] of LATIN_MARKERS) {
  let at = (hash ^ (hash >>> MARKER_BITS)) & ((1 << MARKER_BITS) - 1);
  while (MARKER_VALUES[at] !== 0) at = (at + 1) & ((1 << MARKER_BITS) - 1);
  MARKER_KEYS[at] = hash;
  MARKER_VALUES[at] = bits;
}

function latinMarker(hash: number): number {
  let at = (hash ^ (hash >>> MARKER_BITS)) & ((1 << MARKER_BITS) - 1);
  for (;;) {
    const bits = MARKER_VALUES[at];
    if (bits === 0 || MARKER_KEYS[at] === hash) return bits;
    at = (at + 1) & ((1 << MARKER_BITS) - 1);
  }
}
const STATEMENT = fnvWord('statement');

enum Script {
  None = 0,
  Latin = 1,
  Han = 2,
  Other = 3,
}

function scriptOf(c: number): Script {
  if (c < 128) {
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return Script.Latin;
    return Script.None;
  }
  if (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xf900 && c <= 0xfaff)
  )
    return Script.Han;
  if (c >= 0xc0 && c <= 0x24f) return Script.Latin; // Latin-1 supplement and extended letters
  if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2000 && c <= 0x2bff))
    return Script.None; // CJK / general punctuation and symbols separate words
  return Script.Other;
}

const NS_WORD = 0x1b873593;
const NS_BIGRAM = 0x27d4eb2d;
const NS_HAN_BIGRAM = 0x5bd1e995;
const NS_CHAR = 0x165667b1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Reusable buffers: extraction allocates nothing per call beyond what a longer prompt needs once. */
export class FeatureExtractor {
  readonly bits: number;
  private readonly mask: number;
  private words = new Int32Array(1024);
  private chars = new Int32Array(4096);
  private readonly dense = new Float64Array(DENSE_SLOTS);

  constructor(bits: number) {
    if (!Number.isInteger(bits) || bits < 8 || bits > 24)
      throw new RangeError(`bits must be 8..24, got ${bits}`);
    this.bits = bits;
    this.mask = (1 << bits) - 1;
  }

  get dimension(): number {
    return 1 << this.bits;
  }

  /** The features of `text`. The vector is a view into reused buffers: use it before the next call. */
  extract(text: string): FeatureVector {
    const len = text.length;
    // every character adds at most one char n-gram and two word features
    if (this.chars.length < len + 1) this.chars = new Int32Array(len + 1024);
    if (this.words.length < 2 * len + 2) this.words = new Int32Array(2 * len + 1024);
    const words = this.words;
    const chars = this.chars;
    const mask = this.mask;
    let nw = 0;
    let nc = 0;
    let han = 0;
    let latin = 0;
    let other = 0;
    let digits = 0;
    let mathSymbols = 0;
    let codeMarkers = 0;
    let questionMarks = 0;
    let lines = 1;
    let latex = 0;
    let wordTotal = 0;
    let mathWords = 0;
    let codeWords = 0;
    let multiStepWords = 0;
    let numberedStatements = 0;
    let prevWord = 0;
    let wordHash = FNV_OFFSET;
    let wordLen = 0;
    let prevHan = -1;
    let c1 = 32;
    let c2 = 32;
    let c3 = 32;
    let c4 = 32;
    // i === len is a virtual trailing space that closes the last word
    for (let i = 0; i <= len; i++) {
      let c = i < len ? text.charCodeAt(i) : 32;
      if (c >= 65 && c <= 90) c += 32;
      // character 5-grams of the lower-cased text (whitespace folded to a space)
      const cc = c === 10 || c === 9 || c === 13 ? 32 : c;
      if (i >= 4 && i < len) {
        let h =
          Math.imul(
            Math.imul(Math.imul(Math.imul(c4 ^ NS_CHAR, FNV_PRIME) ^ c3, FNV_PRIME) ^ c2, FNV_PRIME) ^ c1,
            FNV_PRIME,
          ) ^ cc;
        h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
        h ^= h >>> 13;
        const slot = h & mask;
        chars[nc++] = slot < DENSE_SLOTS ? slot + DENSE_SLOTS : slot;
      }
      c4 = c3;
      c3 = c2;
      c2 = c1;
      c1 = cc;
      const script = scriptOf(c);
      if (script === Script.Latin) {
        if (c >= 48 && c <= 57) digits++;
        else latin++;
        wordHash = Math.imul(wordHash ^ c, FNV_PRIME);
        wordLen++;
        prevHan = -1;
        continue;
      }
      if (wordLen > 0) {
        // a Latin word ends: unigram, bigram with the previous word, markers
        let h = Math.imul(wordHash ^ NS_WORD ^ ((wordHash ^ NS_WORD) >>> 16), 0x85ebca6b);
        h ^= h >>> 13;
        let slot = h & mask;
        words[nw++] = slot < DENSE_SLOTS ? slot + DENSE_SLOTS : slot;
        if (prevWord !== 0) {
          h = Math.imul(prevWord, FNV_PRIME) ^ wordHash ^ NS_BIGRAM;
          h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
          h ^= h >>> 13;
          slot = h & mask;
          words[nw++] = slot < DENSE_SLOTS ? slot + DENSE_SLOTS : slot;
        }
        prevWord = wordHash | 1;
        wordTotal++;
        const marker = latinMarker(wordHash);
        if (marker !== 0) {
          if (marker & MATH) mathWords++;
          if (marker & CODE) codeWords++;
          if (marker & MULTI_STEP) multiStepWords++;
        }
        if (wordHash === STATEMENT) numberedStatements++;
        wordHash = FNV_OFFSET;
        wordLen = 0;
      }
      if (script === Script.Han) {
        // Chinese/Japanese/Korean: each character is a word, and each pair of neighbours
        han++;
        wordTotal++;
        let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME) ^ NS_WORD;
        h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
        h ^= h >>> 13;
        let slot = h & mask;
        words[nw++] = slot < DENSE_SLOTS ? slot + DENSE_SLOTS : slot;
        if (prevHan >= 0) {
          h = Math.imul(prevHan, FNV_PRIME) ^ c ^ NS_HAN_BIGRAM;
          h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
          h ^= h >>> 13;
          slot = h & mask;
          words[nw++] = slot < DENSE_SLOTS ? slot + DENSE_SLOTS : slot;
          const marker = HAN_MARKERS.get((prevHan << 16) | c);
          if (marker !== undefined) {
            if (marker & MATH) mathWords++;
            if (marker & CODE) codeWords++;
            if (marker & MULTI_STEP) multiStepWords++;
          }
        }
        prevHan = c;
        continue;
      }
      prevHan = -1;
      if (script === Script.Other) {
        other++;
        continue;
      }
      if (i === len) break;
      // punctuation, symbols, spaces
      switch (c) {
        case 10:
          lines++;
          break;
        case 43: // +
        case 61: // =
        case 94: // ^
        case 42: // *
        case 47: // /
        case 60: // <
        case 62: // >
        case 37: // %
        case 0x221a: // √
        case 0x2211: // ∑
        case 0x222b: // ∫
        case 0x2264: // ≤
        case 0x2265: // ≥
        case 0x00d7: // ×
        case 0x00f7: // ÷
          mathSymbols++;
          break;
        case 92: // backslash (LaTeX)
          latex++;
          break;
        case 123: // {
        case 125: // }
        case 59: // ;
        case 96: // `
          codeMarkers++;
          break;
        case 63: // ?
        case 0xff1f: // ？
          questionMarks++;
          break;
      }
    }
    const dense = this.dense;
    const letters = han + latin + other || 1;
    dense[0] = 1;
    dense[1] = Math.log1p(len) / 10;
    dense[2] = Math.log1p(wordTotal) / 10;
    dense[3] = han / letters;
    dense[4] = latin / letters;
    dense[5] = other / letters;
    dense[6] = digits / (len || 1);
    dense[7] = Math.log1p(mathSymbols) / 4;
    dense[8] = Math.log1p(mathWords) / 4;
    dense[9] = Math.log1p(latex) / 4;
    dense[10] = Math.log1p(codeMarkers) / 4;
    dense[11] = Math.log1p(codeWords) / 4;
    dense[12] = Math.log1p(multiStepWords) / 4;
    dense[13] = Math.log1p(numberedStatements) / 2;
    dense[14] = Math.log1p(questionMarks) / 2;
    dense[15] = Math.log1p(lines) / 4;
    return {
      words,
      wordCount: nw,
      wordScale: nw === 0 ? 0 : 1 / Math.sqrt(nw),
      chars,
      charCount: nc,
      charScale: nc === 0 ? 0 : 1 / Math.sqrt(nc),
      dense,
    };
  }
}
