/**
 * The few JSON scanning steps tokenizer-json-file.ts needs to walk a tokenizer.json held as latin1 text (a char per
 * byte) without parsing it into objects: skip whitespace, strings and whole values; the range of a string; a
 * number; the members of an object and the elements of an array, as index ranges.
 */

/** UTF-8 text as latin1 (a char per byte), and back. */
export const asBytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
export const asText = (bytes: string) => Buffer.from(bytes, 'latin1').toString('utf8');

export const QUOTE = 34;
export const BACKSLASH = 92;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
export const COMMA = 44;
export const COLON = 58;

/** JSON whitespace: space, tab, LF, CR. */
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

export function skipSpace(s: string, i: number): number {
  let j = i;
  while (j < s.length && isSpace(s.charCodeAt(j))) j++;
  return j;
}

/** Index just past the JSON string starting at s[i] (a quote); past s's end when it is cut off. */
function skipString(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return s.length + 1;
}

/** Index just past the JSON value starting at s[i]; past s's end when a string or a container is cut off. */
export function skipValue(s: string, i: number): number {
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
  return depth > 0 ? s.length + 1 : j;
}

export function hasEscape(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === BACKSLASH) return true;
  return false;
}

/**
 * The JSON string s[from, to) (quotes included) as a range of UTF-8 bytes: without escapes, its own chars in
 * the file; with them, the string decoded (a new string).
 */
export function stringRange(s: string, from: number, to: number): [string, number, number] {
  if (!hasEscape(s, from + 1, to - 1)) return [s, from + 1, to - 1];
  const bytes = asBytes(JSON.parse(asText(s.slice(from, to))) as string);
  return [bytes, 0, bytes.length];
}

/** The JSON number s[from, to) (digits only read here, without allocating). */
export function numberAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(s.slice(from, to));
    n = n * 10 + digit;
  }
  return n;
}

/**
 * Calls fn(keyFrom, keyTo, valueFrom, valueTo) for each member in s[from, to), the inside of an object, and
 * returns where it stopped: unless `final`, before a member with no separator after it yet (it may go on in
 * the next chunk).
 */
export function forEachMember(
  s: string,
  from: number,
  to: number,
  fn: (kf: number, kt: number, vf: number, vt: number) => void,
  final = true,
): number {
  let j = skipSpace(s, from);
  while (j < to) {
    const keyEnd = skipString(s, j);
    const valueStart = skipSpace(s, skipSpace(s, keyEnd) + 1); // past the ':'
    const valueEnd = skipValue(s, valueStart);
    let next = skipSpace(s, valueEnd);
    if (next >= to && !final) return j;
    if (valueEnd > to) throw new Error('tokenizer.json: truncated');
    fn(j, keyEnd, valueStart, valueEnd);
    if (s.charCodeAt(next) === COMMA) next = skipSpace(s, next + 1);
    j = next;
  }
  return j;
}

/** Calls fn(from, to) for each element in s[from, to), the inside of an array; returns as forEachMember. */
export function forEachElement(
  s: string,
  from: number,
  to: number,
  fn: (from: number, to: number) => void,
  final = true,
): number {
  let j = skipSpace(s, from);
  while (j < to) {
    const end = skipValue(s, j);
    let next = skipSpace(s, end);
    if (next >= to && !final) return j;
    if (end > to) throw new Error('tokenizer.json: truncated');
    fn(j, end);
    if (s.charCodeAt(next) === COMMA) next = skipSpace(s, next + 1);
    j = next;
  }
  return j;
}
