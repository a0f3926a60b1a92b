/** Reads a UTF-8 file the user named; failure is one clear QuadrantError: "cannot read <what> <path>: ENOENT". */
import { readFileSync } from 'node:fs';
import { type ErrorCode, QuadrantError } from './errors.ts';

export function readTextFile(
  path: string,
  what: string,
  options: { code?: ErrorCode; param?: string } = {},
): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new QuadrantError(options.code ?? 'file_unreadable', `cannot read ${what} ${path}: ${reason}`, {
      param: options.param,
    });
  }
}
