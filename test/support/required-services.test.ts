import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { isTruthyFlag, serviceRequired, skipUnlessAvailable, tcpUnreachable } from './required-services.ts';

test('any truthy CI requires every service; QUADRANT_REQUIRE_<SERVICE>=1 requires one', () => {
  for (const ci of ['true', '1', 'yes', 'TRUE', 'github']) assert.equal(isTruthyFlag(ci), true, ci);
  for (const ci of [undefined, '', '0', 'false', 'False', 'no', 'off', ' 0 ']) {
    assert.equal(isTruthyFlag(ci), false, String(ci));
  }
  assert.equal(serviceRequired('browser', { CI: '1' }), true);
  assert.equal(serviceRequired('redis', { CI: 'true' }), true);
  assert.equal(serviceRequired('browser', { QUADRANT_REQUIRE_BROWSER: '1' }), true);
  assert.equal(serviceRequired('postgres', { QUADRANT_REQUIRE_BROWSER: '1' }), false);
  assert.equal(serviceRequired('postgres', { QUADRANT_REQUIRE_POSTGRES: '1' }), true);
  assert.equal(serviceRequired('browser', { CI: 'false' }), false);
  assert.equal(serviceRequired('browser', {}), false);
});

test('a missing service skips with its reason, or fails when required', () => {
  assert.equal(skipUnlessAvailable('browser', undefined, { CI: '1' }), undefined);
  const lines: string[] = [];
  assert.equal(
    skipUnlessAvailable('redis', 'Redis is down', {}, (l) => lines.push(l)),
    'Redis is down',
  );
  assert.deepEqual(lines, ['skipping redis tests: Redis is down\n']);
  assert.throws(
    () => skipUnlessAvailable('browser', 'chromium not found', { CI: '1' }),
    /CI=1 requires browser/,
  );
  assert.throws(
    () => skipUnlessAvailable('browser', 'chromium not found', { QUADRANT_REQUIRE_BROWSER: '1' }),
    /QUADRANT_REQUIRE_BROWSER=1 requires browser, and chromium not found/,
  );
});

test('tcpUnreachable: undefined for a listening port, a reason for a closed one', async () => {
  const server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  assert.equal(await tcpUnreachable(`redis://127.0.0.1:${port}`), undefined);
  await new Promise<void>((r) => server.close(() => r()));
  assert.match((await tcpUnreachable(`postgres://127.0.0.1:${port}/x`)) ?? '', /unreachable/);
});
