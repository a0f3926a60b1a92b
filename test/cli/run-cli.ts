/** Runs `node bin/quadrant.js …` in a child process with a throw-away store and a pinned "today". */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'quadrant-cli-')), 'quadrant.db');
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/quadrant.js'), ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          QUADRANT_DB: tempDbPath(),
          QUADRANT_TODAY: '2024-06-01',
          QUADRANT_DEBUG: '',
          ...env,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Asserts the shape of a user error: non-zero exit, exactly one stderr line "quadrant: …", no stack. */
export function userErrorLine(r: CliResult): string {
  if (r.code === 0) throw new Error(`expected a failure, got exit 0; stdout: ${r.stdout.slice(0, 200)}`);
  const lines = r.stderr.trimEnd().split('\n');
  if (lines.length !== 1) throw new Error(`expected one stderr line, got ${lines.length}:\n${r.stderr}`);
  if (!lines[0].startsWith('quadrant: ')) throw new Error(`expected "quadrant: …", got ${lines[0]}`);
  if (/^\s+at /m.test(r.stderr)) throw new Error(`stack trace on stderr:\n${r.stderr}`);
  return lines[0];
}
