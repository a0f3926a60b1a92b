/**
 * Real PostgreSQL and Redis servers private to one test file, which it may stop and start again on the same port
 * without disturbing the shared servers other test files use:
 *   - Redis: `redis-server --port P --bind 127.0.0.1 --save "" --appendonly no`, a child process killed with
 *     SIGTERM or SIGKILL and started again;
 *   - PostgreSQL: a cluster made by `initdb` in a temporary folder (trust auth, superuser `postgres`), run with
 *     `pg_ctl start` / `pg_ctl stop -m fast`. PostgreSQL refuses to run as root, so as root its programs run as the
 *     `postgres` user (the one Debian's postgresql package makes), with the folder given to that user.
 * The binaries: QUADRANT_PG_BINDIR, else the newest /usr/lib/postgresql/N/bin (Debian), else `initdb` on PATH.
 * When something is missing the file skips with the reason — or fails when PostgreSQL/Redis are required (CI=true,
 * see required-services.ts). Teardown removes the servers and their folders even when a test failed, and a watchdog
 * does when the process ends without it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skipUnlessAvailable, tcpUnreachable } from './required-services.ts';

/** Someone (here: a process) that runs PostgreSQL's programs: this user, or `postgres` when this is root. */
interface RunAs {
  uid?: number;
  gid?: number;
}

/** The folder of initdb/pg_ctl, or undefined. */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.QUADRANT_PG_BINDIR) return env.QUADRANT_PG_BINDIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return join(root, versions[0], 'bin');
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    return initdb ? initdb.replace(/\/initdb$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** As root: the `postgres` user's ids from /etc/passwd (undefined when there is none). */
function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Why private servers cannot be started here (undefined: they can), before skipUnlessAvailable. */
function missingPostgres(): string | undefined {
  const bin = postgresBinDir();
  if (!bin || !existsSync(join(bin, 'initdb')) || !existsSync(join(bin, 'pg_ctl')))
    return 'no initdb/pg_ctl (install postgresql, or set QUADRANT_PG_BINDIR)';
  if (!postgresUser()) return 'running as root and there is no `postgres` user to run initdb as';
  return undefined;
}

function missingRedis(): string | undefined {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'no redis-server on PATH';
  }
}

/** The reason to skip (or an error when required), for `{ skip }`. */
export function privateServersSkip(): string | undefined {
  const pgMissing = missingPostgres();
  const redisMissing = missingRedis();
  return (
    skipUnlessAvailable('postgres', pgMissing && `a private PostgreSQL cannot be started: ${pgMissing}`) ??
    skipUnlessAvailable('redis', redisMissing && `a private Redis cannot be started: ${redisMissing}`)
  );
}

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once a TCP connection to the port opens; throws after `ms`. */
async function waitForPort(port: number, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const why = await tcpUnreachable(`redis://127.0.0.1:${port}`, 500);
    if (why === undefined) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${ms} ms: ${why}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a program to its end (as `as`); its output in the error when it fails. */
function run(file: string, args: string[], as: RunAs, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, uid: as.uid, gid: as.gid, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${out}`)),
    );
  });
}

/**
 * A watchdog for a server this process started: a detached shell that runs `cleanup` once this process is gone
 * however it ended (a test file that never reached its teardown, a runner killed with SIGKILL or its output cut
 * short). Teardown ends it first.
 */
function watchdog(cleanup: string): { cancel(): void } {
  const child = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.5; done; ${cleanup}`],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  child.unref();
  return { cancel: () => void child.kill('SIGKILL') };
}

export interface PrivateServer {
  port: number;
  /** Stops the server (PostgreSQL: fast shutdown; Redis: the signal, default SIGTERM). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it if running and removes its folder. */
  close(): Promise<void>;
}

export interface PrivatePostgres extends PrivateServer {
  /** postgres://postgres@127.0.0.1:P/postgres, with `?schema=` when given. */
  url(schema?: string): string;
  /** Milliseconds initdb took. */
  initdbMs: number;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir()!;
  const as = postgresUser()!;
  const dir = mkdtempSync(join(tmpdir(), 'quadrant-pg-'));
  if (as.uid !== undefined) chownSync(dir, as.uid, as.gid!);
  const data = join(dir, 'data');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const port = await freePort();
  // SIGQUIT is PostgreSQL's immediate shutdown
  const guard = watchdog(
    `kill -QUIT $(head -n1 '${data}/postmaster.pid' 2>/dev/null) 2>/dev/null; sleep 2; rm -rf '${dir}'`,
  );
  const pgCtl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, '-w', ...args], as, dir);
  let running = false;
  const server: PrivatePostgres = {
    port,
    initdbMs: 0,
    url: (schema) => `postgres://postgres@127.0.0.1:${port}/postgres${schema ? `?schema=${schema}` : ''}`,
    async start() {
      // no durability needed: fsync off keeps start, stop and every commit quick on a busy machine
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
      await pgCtl('-l', join(dir, 'log'), '-o', options, 'start');
      running = true;
    },
    async stop() {
      await pgCtl('-m', 'fast', 'stop');
      running = false;
    },
    async close() {
      guard.cancel();
      if (running) await pgCtl('-m', 'immediate', 'stop').catch(() => {});
      removeDir();
    },
  };
  try {
    const t0 = Date.now();
    const initdb = ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
    await run(join(bin, 'initdb'), initdb, as, dir);
    server.initdbMs = Date.now() - t0;
    await server.start();
  } catch (err) {
    await server.close();
    throw err;
  }
  return server;
}

export interface PrivateRedis extends PrivateServer {
  url: string;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'quadrant-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const pidFile = join(dir, 'redis.pid');
  const guard = watchdog(`kill -KILL $(cat '${pidFile}' 2>/dev/null) 2>/dev/null; rm -rf '${dir}'`);
  const server: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      const proc = spawn('redis-server', [...args, '--dir', dir, '--pidfile', pidFile], { stdio: 'ignore' });
      child = proc;
      const exited = new Promise<never>((_, reject) =>
        proc.once('exit', (code) => reject(new Error(`redis-server on port ${port} exited (${code})`))),
      );
      exited.catch(() => {});
      await Promise.race([waitForPort(port, `redis-server on port ${port}`), exited]);
    },
    async stop(signal = 'SIGTERM') {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill(signal);
      await gone;
    },
    async close() {
      guard.cancel();
      await server.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (err) {
    await server.close();
    throw err;
  }
  return server;
}
