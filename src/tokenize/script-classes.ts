/**
 * Splits a text into the character classes the token estimate is based on. Classes were chosen because
 * BPE tokenizers treat them very differently:
 *   han    — CJK ideographs, kana, hangul and CJK/full-width punctuation (≈ 0.9–1.8 chars per token
 *            depending on the vocabulary; vendors' "characters per token" rules of thumb are about such text)
 *   latin  — Latin letters and whitespace (words: ≈ 4–4.5 chars per token, spaces attach to words)
 *   digit  — 0-9 (grouped by up to 3 in tiktoken-style vocabularies, one token per digit in Qwen's)
 *   other  — punctuation, symbols, other scripts (≈ 1 char per token)
 */
export interface ScriptCounts {
  han: number;
  latin: number;
  digit: number;
  other: number;
}

const HAN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const LATIN = /[\p{Script=Latin}\s]/u;

export function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { han: 0, latin: 0, digit: 0, other: 0 };
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 128) {
      // ASCII fast path
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 32 || (c >= 9 && c <= 13)) counts.latin++;
      else if (c >= 48 && c <= 57) counts.digit++;
      else counts.other++;
    } else if (HAN.test(ch)) counts.han++;
    else if (LATIN.test(ch)) counts.latin++;
    else if (/\p{Nd}/u.test(ch)) counts.digit++;
    else counts.other++;
  }
  return counts;
}
