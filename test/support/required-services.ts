/**
 * Tests that need something outside Node (Debian's chromium, PostgreSQL, Redis) skip with a message when it
 * is missing — except when it is required, where a missing one is a failure, never a silent skip:
 *   - any truthy `CI` (`true`, `1`, `yes`, … — not empty, `0`, `false`, `no` or `off`) requires all of them;
 *   - `QUADRANT_REQUIRE_BROWSER=1`, `QUADRANT_REQUIRE_POSTGRES=1`, `QUADRANT_REQUIRE_REDIS=1` require one.
 * A test that skips passes `{ skip: reason }` to each `test()` (not only to its `describe`), so node's
 * test runner counts every skipped test in its summary.
 */
import { connect } from 'node:net';

export type RequiredService = 'browser' | 'postgres' | 'redis';

const FALSY = new Set(['', '0', 'false', 'no', 'off']);

/** Whether an environment flag is set to something truthy. */
export function isTruthyFlag(value: string | undefined): boolean {
  return value !== undefined && !FALSY.has(value.trim().toLowerCase());
}

/** Whether a missing `service` must fail the run (see the module comment). */
export function serviceRequired(service: RequiredService, env: NodeJS.ProcessEnv = process.env): boolean {
  return isTruthyFlag(env.CI) || isTruthyFlag(env[`QUADRANT_REQUIRE_${service.toUpperCase()}`]);
}

/**
 * `undefined` when the service is there; else the reason to skip (also written to stderr), or — when the
 * service is required — an error thrown.
 */
export function skipUnlessAvailable(
  service: RequiredService,
  missing: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  report: (line: string) => void = (line) => process.stderr.write(line),
): string | undefined {
  if (missing === undefined) return undefined;
  if (serviceRequired(service, env)) {
    const why = isTruthyFlag(env.CI) ? `CI=${env.CI}` : `QUADRANT_REQUIRE_${service.toUpperCase()}=1`;
    throw new Error(`${why} requires ${service}, and ${missing}`);
  }
  report(`skipping ${service} tests: ${missing}\n`);
  return missing;
}

/** Whether a TCP connection to the host and port of `url` opens within `timeoutMs`; the reason if not. */
export function tcpUnreachable(url: string, timeoutMs = 2000): Promise<string | undefined> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol.startsWith('redis') ? 6379 : 5432));
  const host = u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`${host}:${port} did not answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (e) => done(`${host}:${port} is unreachable (${e.message})`));
  });
}

/**
 * The URL of the test PostgreSQL (QUADRANT_TEST_POSTGRES_URL, default the local server's `test` database)
 * and the skip reason when it cannot be reached and is not required.
 */
export async function testPostgres(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; skip: string | undefined }> {
  const url = env.QUADRANT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const missing = await tcpUnreachable(url);
  return { url, skip: skipUnlessAvailable('postgres', missing && `PostgreSQL at ${missing}`, env) };
}

/** The URL of the test Redis (QUADRANT_TEST_REDIS_URL, default 127.0.0.1:6379) and the skip reason. */
export async function testRedis(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; skip: string | undefined }> {
  const url = env.QUADRANT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const missing = await tcpUnreachable(url);
  return { url, skip: skipUnlessAvailable('redis', missing && `Redis at ${missing}`, env) };
}
