/**
 * `quadrant serve`: a route whose min_quality excludes a candidate for lack of a quality index says so on
 * stderr at start-up (the README's own example used to drop its cheap model silently).
 *
 * Store-independent (a start-up warning from the route config): runs on the embedded store.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

test('serve warns once per candidate that min_quality excludes for lack of an index', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'quadrant-minq-'));
  const config = join(dir, 'gateway.yaml');
  // no request is sent: the upstream address is never dialled
  writeFileSync(
    config,
    [
      'providers:',
      '  - { id: oai, kind: openai, base_url: "http://127.0.0.1:9/v1", api_key: k }',
      'models:',
      '  - { id: gpt-4o, provider: oai }',
      // an embedding model has no quality index, whatever the catalog's evidence
      '  - { id: no-index, provider: oai, catalog: text-embedding-3-small }',
      'routes:',
      '  - { id: smart, strategy: cheapest, candidates: [gpt-4o, no-index], min_quality: 60 }',
      '  - { id: any, strategy: cheapest, candidates: [gpt-4o, no-index] }',
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, ['bin/quadrant.js', 'serve', '--config', config, '--port', '0'], {
    env: { ...process.env, QUADRANT_DB: join(dir, 'q.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 30_000;
    while (!/listening on/.test(out) || !/warning: route/.test(err)) {
      if (Date.now() > deadline) assert.fail(`no start-up warning (stdout: ${out} stderr: ${err})`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const warnings = err.split('\n').filter((l) => l.includes('warning: route'));
    assert.equal(warnings.length, 1, err);
    assert.match(
      warnings[0],
      /^quadrant: warning: route "smart": min_quality 60 excludes candidate "no-index" \(catalog model text-embedding-3-small\): it has no quality index/,
    );
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
