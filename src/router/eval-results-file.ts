/**
 * The last `quadrant router eval` result, kept in the data directory (next to the store, QUADRANT_DB) as
 * router-eval.json; the dashboard's Router page reads it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { QuadrantError } from '../errors.ts';
import type { EvalResult } from './evaluate-router.ts';

export const EVAL_FILE_NAME = 'router-eval.json';

export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const db = env.QUADRANT_DB || 'data/quadrant.db';
  return db === ':memory:' ? 'data' : dirname(db);
}

export function evalResultsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDirectory(env), EVAL_FILE_NAME);
}

export function saveEvalResult(result: EvalResult, path: string = evalResultsPath()): string {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ saved_at: new Date().toISOString(), result })}\n`);
    renameSync(tmp, path); // readers never see half a file
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new QuadrantError('file_unreadable', `cannot write the eval results to ${path}: ${reason}`);
  }
  return path;
}

export interface StoredEval {
  saved_at: string;
  result: EvalResult;
}

/** The stored result, or null when no eval has been run (or the file is not one). */
export function loadEvalResult(path: string = evalResultsPath()): StoredEval | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const json = JSON.parse(text) as StoredEval;
    if (typeof json?.saved_at !== 'string' || typeof json.result?.apgr !== 'number' || !json.result.curves)
      return null;
    return json;
  } catch {
    return null;
  }
}
