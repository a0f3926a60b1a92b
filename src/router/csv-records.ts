/**
 * A strict RFC 4180 CSV reader: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF.
 * Each record carries the line it starts on so errors can point at it. Malformed input (a quote inside an
 * unquoted field, text after a closing quote, an unterminated quote) is an error, never a guess.
 */

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // BOM
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0)
            throw new CsvSyntaxError(quoteLine, `a quoted field opened on line ${quoteLine} never closes`);
          const chunk = text.slice(i, q);
          value += chunk;
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          i = q + 1;
          if (text[i] === '"') {
            value += '"';
            i++;
            continue;
          }
          break;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvSyntaxError(line, `unexpected text after a closing quote on line ${line}`);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break; // , \n \r
          if (c === 34) throw new CsvSyntaxError(line, `a quote inside an unquoted field on line ${line}`);
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    // a completely empty line is skipped, not read as a record with one empty field
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: startLine, fields });
  }
  return records;
}
