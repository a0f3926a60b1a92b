/**
 * `quadrant` — the command line. Each file in src/cli/commands/ registers one command (or a group):
 *   export function register(program: Command): void
 * Command files must stay light at import time: load heavy modules inside the action with `await import()`.
 * Errors: a QuadrantError prints one line `quadrant: <message>` on stderr and exits 1; anything else
 * prints one line too (set QUADRANT_DEBUG=1 for the stack).
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { isQuadrantError } from '../errors.ts';
import { MODULE_EXT } from '../module-ext.ts';

export async function buildProgram(): Promise<Command> {
  const program = new Command('quadrant')
    .description('LLM quality per price: market catalog, cost engine, gateway, simulator')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(MODULE_EXT) && !f.endsWith(`.test${MODULE_EXT}`))
    .sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { register?: (p: Command) => void };
    mod.register?.(program);
  }
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (or help/version, which exit 0)
    return err.exitCode;
  }
  if (isQuadrantError(err)) {
    process.stderr.write(`quadrant: ${err.message}\n`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`quadrant: unexpected error: ${message.split('\n')[0]}\n`);
  }
  if (process.env.QUADRANT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 1;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  // `quadrant models | head`: a closed pipe ends the output quietly instead of crashing.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  try {
    const program = await buildProgram();
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err);
    // a failed command must not linger on a handle it opened (a connection, a worker, a timer)
    setTimeout(() => process.exit(), 2000).unref();
  }
}

const isEntry = process.argv[1] && /(quadrant(\.js)?|main\.ts)$/.test(process.argv[1]);
if (isEntry) await main();
