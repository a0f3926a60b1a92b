import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile, validateConfig } from './load-config.ts';

const ISSUE_EXAMPLE = `currency: CNY
providers:
  - { id: oai, kind: openai, base_url: http://127.0.0.1:9001/v1, api_key: \${OPENAI_API_KEY} }
  - { id: qwen, kind: dashscope, base_url: http://127.0.0.1:9002/compatible-mode/v1, api_key: \${DASHSCOPE_API_KEY} }
models:
  - { id: gpt-4o, provider: oai }                      # upstream name and catalog entry default to id
  - { id: cheap, provider: qwen, upstream: qwen-long, catalog: qwen-long }
routes:
  - id: smart
    strategy: cheapest            # fixed | fallback | loadbalance | cheapest | fastest
    candidates: [gpt-4o, cheap]
    min_quality: 60
    slo: { p95_latency_ms: 3000, max_error_rate: 0.05 }
keys:
  - { name: team-a, key: \${TEAM_A_KEY}, budget: { amount: "100", currency: CNY, period: month }, rpm: 600 }
`;

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'qcfg-')), 'gateway.yaml');
  writeFileSync(file, text);
  return file;
}

test('the issue example loads, with ${ENV} inside YAML flow maps', () => {
  const cfg = loadConfigFile(write(ISSUE_EXAMPLE), {
    OPENAI_API_KEY: 'sk-o',
    DASHSCOPE_API_KEY: 'sk-d',
    TEAM_A_KEY: 'sk-team-a-0123456789-abcdef',
  });
  assert.equal(cfg.currency, 'CNY');
  assert.equal(cfg.providers[0].api_key, 'sk-o');
  assert.equal(cfg.models[1].upstream, 'qwen-long');
  assert.equal(cfg.routes[0].slo?.p95_latency_ms, 3000);
  assert.equal(cfg.keys[0].key, 'sk-team-a-0123456789-abcdef');
  assert.equal(cfg.retry.attempts_per_upstream, 2);
  assert.equal(cfg.body_limit_bytes, 32 * 1024 * 1024);
});

test('a missing variable names the variable and the path', () => {
  assert.throws(
    () => loadConfigFile(write(ISSUE_EXAMPLE), { OPENAI_API_KEY: 'x', DASHSCOPE_API_KEY: 'y' }),
    /keys\[0\]\.key: environment variable TEAM_A_KEY is not set/,
  );
  assert.equal(validateConfig({ currency: '${CUR:-EUR}' }, {}).currency, 'EUR');
});

test('strict validation names the path', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ currency: 'usd' }, /currency: expected an ISO 4217 code/],
    [{ providers: [{ id: 'a', kind: 'nope' }] }, /providers\[0\]\.kind/],
    [{ providers: [{ id: 'a', kind: 'openai', base_url: 'ftp://x' }] }, /providers\[0\]\.base_url/],
    [
      { providers: [{ id: 'a', kind: 'openai' }], models: [{ id: 'm', provider: 'a', wat: 1 }] },
      /models\[0\]: unknown key\(s\) wat/,
    ],
    [
      {
        providers: [
          { id: 'a', kind: 'openai' },
          { id: 'a', kind: 'openai' },
        ],
      },
      /providers\[1\]\.id: duplicate id "a"/,
    ],
    [
      {
        providers: [{ id: 'a', kind: 'openai' }],
        models: [{ id: 'm', provider: 'a' }],
        routes: [{ id: 'r', strategy: 'fixed', candidates: ['m', 'm'] }],
      },
      /routes\[0\]\.candidates: a fixed route has exactly one candidate/,
    ],
    [
      {
        providers: [{ id: 'a', kind: 'openai' }],
        models: [{ id: 'm', provider: 'a' }],
        routes: [{ id: 'r', strategy: 'loadbalance', candidates: ['m'], weights: [1, 2] }],
      },
      /routes\[0\]\.weights/,
    ],
    [{ keys: [{ name: 'k', key: 'short' }] }, /keys\[0\]\.key: config keys must be at least 24 characters/],
    [
      {
        keys: [
          { name: 'k', key: 'long-enough-0123456789-abcdef', budget: { amount: '-1', currency: 'USD' } },
        ],
      },
      /keys\[0\]\.budget\.amount/,
    ],
  ];
  for (const [raw, expected] of cases)
    assert.throws(() => validateConfig(raw, {}), expected, JSON.stringify(raw));
});

test('unreadable and non-YAML files are clear errors', () => {
  assert.throws(
    () => loadConfigFile('/nonexistent/gateway.yaml', {}),
    /cannot read config \/nonexistent\/gateway.yaml: ENOENT/,
  );
  assert.throws(() => loadConfigFile(write('providers: [\n'), {}), /not valid YAML/);
});
