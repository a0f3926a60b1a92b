/**
 * The package can be published and used without a clone: `npm pack`, then in an empty folder
 * `npx ./quadrant-*.tgz models` lists the built-in catalog and `quadrant init` writes a gateway.yaml that
 * `quadrant serve` accepts. Slow (installs the tarball's dependencies, compiling better-sqlite3 when no
 * prebuilt binary can be fetched), so it runs once per test run with a generous timeout.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateConfig } from '../../src/gateway/config/load-config.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(join(tmpdir(), 'quadrant-pack-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    },
  });
}

test('npm pack → npx ./quadrant-*.tgz models and init work in an empty folder', { timeout: 900_000 }, () => {
  // build and pack a copy: rebuilding dist/ in place would pull it from under CLI tests running beside this one
  const copy = join(work, 'copy');
  mkdirSync(copy);
  for (const entry of readdirSync(root)) {
    if (['node_modules', 'dist', '.git', 'data'].includes(entry) || entry.endsWith('.tgz')) continue;
    cpSync(join(root, entry), join(copy, entry), { recursive: true });
  }
  cpSync(join(root, 'data/catalog'), join(copy, 'data/catalog'), { recursive: true });
  cpSync(join(root, 'data/scenarios'), join(copy, 'data/scenarios'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  run(process.execPath, ['scripts/build.mjs'], copy);
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], copy),
  ) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const files = packed[0].files.map((f) => f.path);
  assert.ok(files.includes('LICENSE'));
  assert.ok(files.includes('bin/quadrant.js'));
  assert.ok(files.includes('bin/dist-is-fresh.js'), 'the entry point imports it');
  assert.ok(files.includes('dist/cli/main.js'), 'compiled CLI shipped');
  assert.ok(
    files.some((f) => f.startsWith('data/catalog/models/')),
    'catalog data shipped',
  );
  assert.ok(
    files.includes('src/web/assets/dashboard.css') || files.includes('dist/web/assets/dashboard.css'),
  );
  assert.ok(!files.some((f) => f.endsWith('.test.ts')), 'no tests shipped');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { private?: boolean };
  assert.notEqual(pkg.private, true);

  const empty = join(work, 'empty');
  mkdirSync(empty);
  // exactly as a user would: the tarball beside them, `npx ./quadrant-<version>.tgz …`
  cpSync(join(work, packed[0].filename), join(empty, packed[0].filename));
  const tarball = `./${packed[0].filename}`;
  const models = run('npx', ['--yes', tarball, 'models'], empty);
  assert.match(models, /gpt-4o-mini/);
  assert.match(models, /claude/);
  const init = run('npx', ['--yes', tarball, 'init'], empty);
  assert.match(init, /wrote gateway\.yaml/);
  assert.ok(readdirSync(empty).includes('gateway.yaml'));
});

test('the gateway.yaml template is valid', async () => {
  const { GATEWAY_YAML_TEMPLATE } = await import('../../src/gateway/config/gateway-yaml-template.ts');
  const { parse } = await import('yaml');
  const raw = parse(GATEWAY_YAML_TEMPLATE.replace(/\$\{[A-Z_]+(:-[^}]*)?\}/g, (m) => `"${m}"`));
  const config = validateConfig(raw, { OPENAI_API_KEY: 'sk-a', ANTHROPIC_API_KEY: 'sk-b' });
  assert.equal(config.drop_params, false);
  assert.equal(config.keys[0].key, 'sk-quadrant-dev-change-me');
  assert.match(GATEWAY_YAML_TEMPLATE, /^# /m, 'commented');
});
