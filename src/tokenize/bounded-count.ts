/**
 * Token counting in linear time. Byte-pair encoding costs grow with the square of a pre-tokenised piece's
 * length, and the pre-tokenisers of our vocabularies put an unbroken run of letters (a word without
 * whitespace, or Chinese text) into one piece: 100k such characters took ~5 s, 4 MiB would take hours. So,
 * as tiktoken's own pre-tokeniser bounds pieces, runs without whitespace longer than MAX_RUN characters are
 * counted in MAX_RUN-character chunks. Text whose runs are all shorter is counted exactly as before; a chunked
 * run counts at most one extra token per chunk boundary (the merge that would have crossed it).
 */

/** Longest run of non-whitespace characters counted as one piece. */
export const MAX_RUN = 200;

/** Whitespace as JavaScript's `\s` defines it (what the pre-tokeniser patterns split on). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Where a request's counting must stop: past `deadline` (epoch ms by `now`), the rest is not tokenised. */
export interface CountBudget {
  deadline: number;
  now(): number;
  /** Set once the deadline passed: the count is then an upper bound, not a count. */
  exceeded: boolean;
}

export function countBudget(ms: number, now: () => number = Date.now): CountBudget {
  return { deadline: now() + ms, now, exceeded: false };
}

/** Normal text is handed to the tokenizer in segments of about this many characters (split at whitespace). */
const SEGMENT = 16_384;

/**
 * `count(text)`, with every run of more than MAX_RUN non-whitespace characters counted in chunks. Calls
 * `count` on the text between long runs and on each chunk; each call sees a bounded or piece-bounded input.
 * With a budget, text longer than a segment is counted segment by segment, and once the deadline has passed
 * the rest is counted at its UTF-8 byte length — an upper bound for byte-level BPE (every token is ≥ 1 byte).
 */
export function countBounded(count: (text: string) => number, text: string, budget?: CountBudget): number {
  const n = text.length;
  const measure = (piece: string): number => {
    if (budget && (budget.exceeded || budget.now() > budget.deadline)) {
      budget.exceeded = true;
      return Buffer.byteLength(piece, 'utf8');
    }
    return count(piece);
  };
  let total = 0;
  let from = 0; // start of the text not yet counted
  let runStart = -1;
  for (let i = 0; i <= n; i++) {
    if (i < n && !isSpace(text.charCodeAt(i))) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0 && i - runStart > MAX_RUN) {
      if (runStart > from) total += measure(text.slice(from, runStart));
      let at = runStart;
      while (at < i) {
        let end = Math.min(at + MAX_RUN, i);
        if (end < i && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
        total += measure(text.slice(at, end));
        at = end;
      }
      from = i;
    } else if (budget && i - from >= SEGMENT) {
      total += measure(text.slice(from, i));
      from = i;
    }
    runStart = -1;
  }
  if (from === 0) return measure(text);
  if (from < n) total += measure(text.slice(from));
  return total;
}
