import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'quadrant-sim-cli-'));

function quadrant(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/quadrant.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, body: string): string {
  const f = join(dir, name);
  writeFileSync(f, body);
  return f;
}

describe('quadrant equilibrium', () => {
  it('prints prices and shares keyed by vendor; FOCs and the closed form hold', () => {
    const input = {
      alpha: 0.4,
      beta: 0.1,
      outside_utility: 0.5,
      vendors: [
        { id: 'openai', quality: 73, cost: 1.5 },
        { id: 'google', quality: 69, cost: 1.2 },
        { id: 'deepseek', quality: 64.7, cost: 0.08 },
      ],
    };
    const r = quadrant('equilibrium', '--input', file('eq.json', JSON.stringify(input)), '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out.prices).sort(), ['deepseek', 'google', 'openai']);
    const sum =
      Object.values(out.shares as Record<string, number>).reduce((a, b) => a + b, 0) + out.outside_share;
    assert.ok(Math.abs(sum - 1) < 1e-12);
    assert.ok(out.foc_residual < 1e-9);
    assert.ok(Number.isInteger(out.iterations));
    for (const v of input.vendors) {
      const markup = out.prices[v.id] - v.cost;
      assert.ok(Math.abs(markup - 1 / (input.alpha * (1 - out.shares[v.id]))) < 1e-9);
    }
    const text = quadrant('equilibrium', '--input', join(dir, 'eq.json'));
    assert.equal(text.code, 0);
    assert.match(text.stdout, /FOC residual/);
  });

  it('bad input: one clear line on stderr, non-zero exit', () => {
    for (const [body, pattern] of [
      ['{"alpha": 0, "beta": 1, "vendors": [{"id": "a", "quality": 1, "cost": 1}]}', /alpha/],
      ['{"alpha": 1, "beta": 1, "vendors": [{"id": "a", "quality": 1}]}', /vendors\[0\] \(id a\)\.cost/],
      ['{"alpha": 1, "beta": 1, "vendors": []}', /at least one vendor/],
      ['{not json', /not valid JSON/],
      [
        '{"alpha": 1, "beta": 1, "vendors": [{"id": "a", "quality": 1, "cost": 1}, {"id": "a", "quality": 2, "cost": 1}]}',
        /vendors\[1\] \(id a\)\.id: duplicate vendor id "a"/,
      ],
    ] as const) {
      const r = quadrant('equilibrium', '--input', file('bad.json', body));
      assert.notEqual(r.code, 0);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^quadrant: /);
      assert.match(lines[0], pattern);
    }
    const missing = quadrant('equilibrium', '--input', join(dir, 'missing.json'));
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /cannot read .*missing\.json/);
  });
});

describe('quadrant simulate', () => {
  it('is reproducible with --seed and prints bands as JSON', () => {
    const args = [
      'simulate',
      '--scenario',
      'likely',
      '--runs',
      '40',
      '--months',
      '12',
      '--seed',
      '9',
      '--json',
    ];
    const a = quadrant(...args);
    assert.equal(a.code, 0, a.stderr);
    const b = quadrant(...args);
    const ja = JSON.parse(a.stdout);
    const jb = JSON.parse(b.stdout);
    delete ja.elapsed_ms;
    delete jb.elapsed_ms;
    assert.deepEqual(ja, jb);
    assert.equal(ja.scenario.runs, 40);
    assert.equal(ja.series.months.length, 13);
    assert.ok(ja.outcome.vendors.some((v: { vendor: string }) => v.vendor === 'deepseek'));
    assert.ok(ja.nash_reference.foc_residual < 1e-9);
  });

  it('prints a text digest and writes CSV and charts with --out', () => {
    const out = join(dir, 'out');
    const r = quadrant('simulate', '--scenario', 'worst', '--runs', '20', '--months', '6', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Scenario "worst"/);
    assert.match(r.stdout, /HHI/);
    for (const f of [
      'monthly.csv',
      'simulation.json',
      'share.svg',
      'share.png',
      'price.svg',
      'cash.png',
      'hhi.svg',
      'tokens.png',
      'surplus.svg',
    ]) {
      assert.ok(existsSync(join(out, f)), f);
    }
    const csv = readFileSync(join(out, 'monthly.csv'), 'utf8').split('\n');
    assert.equal(csv[0], 'month,metric,entity,p10,p50,p90,mean');
    assert.ok(csv.some((l) => l.startsWith('2024-12,share,openai,')));
    assert.match(readFileSync(join(out, 'share.svg'), 'utf8'), /<svg/);
  });

  it('bad scenario files and flags: one line naming the problem, non-zero exit', () => {
    const bad = file(
      'bad-scenario.yaml',
      'name: x\ntitle: y\nstart: "2024-06-01"\nmarket: {}\nsegments: []\nvendors: []\n',
    );
    for (const [args, pattern] of [
      [['--scenario', bad], /bad-scenario\.yaml: market\.tokens_t_per_month/],
      [['--scenario', 'medium'], /unknown scenario "medium": presets are best, likely, worst/],
      [['--scenario', 'likely', '--runs', '0'], /--runs must be an integer from 1/],
      [['--scenario', 'likely', '--price-cut', '150'], /--price-cut must be a percentage/],
    ] as const) {
      const r = quadrant('simulate', ...args);
      assert.notEqual(r.code, 0);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], pattern);
    }
  });
});

describe('quadrant equilibrium: multi-product vendors and several segments', () => {
  it('a two-product vendor puts one markup 1/(α(1 − s_firm)) on both; a segment mixture satisfies the FOCs', () => {
    const single = {
      alpha: 0.5,
      beta: 0.1,
      vendors: [
        {
          id: 'openai',
          models: [
            { id: 'gpt-4o', quality: 73, cost: 1.5 },
            { id: 'gpt-4o-mini', quality: 60, cost: 0.2 },
          ],
        },
        { id: 'deepseek', quality: 65, cost: 0.1 },
      ],
    };
    const r = quadrant('equilibrium', '--input', file('eq-multi.json', JSON.stringify(single)), '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.vendors['gpt-4o-mini'], 'openai');
    const firmShare = out.shares['gpt-4o'] + out.shares['gpt-4o-mini'];
    for (const id of ['gpt-4o', 'gpt-4o-mini']) {
      assert.ok(Math.abs(out.markups[id] - 1 / (0.5 * (1 - firmShare))) < 1e-9, id);
    }
    const mixture = {
      ...single,
      alpha: undefined,
      beta: undefined,
      segments: [
        { id: 'ent', weight: 0.4, alpha: 0.3, beta: 0.12 },
        { id: 'dev', weight: 0.6, alpha: 4, beta: 0.05, outside_utility: 0.5 },
      ],
    };
    const m = quadrant('equilibrium', '--input', file('eq-mix.json', JSON.stringify(mixture)), '--json');
    assert.equal(m.code, 0, m.stderr);
    const mo = JSON.parse(m.stdout);
    assert.ok(mo.foc_residual < 1e-9);
    assert.ok(mo.converged);
    const text = quadrant('equilibrium', '--input', join(dir, 'eq-mix.json'));
    assert.match(text.stdout, /openai\s+gpt-4o-mini/);
    const both = quadrant(
      'equilibrium',
      '--input',
      file('eq-both.json', JSON.stringify({ ...mixture, alpha: 1, beta: 1 })),
    );
    assert.notEqual(both.code, 0);
    assert.match(both.stderr, /either alpha\/beta or segments/);
  });
});

describe('quadrant simulate: calibration, backtest, counterfactual, shocks', () => {
  it('--json carries the calibration (list prices reproduced, loss leaders) and the backtest', () => {
    const r = quadrant(
      'simulate',
      '--scenario',
      'likely',
      '--runs',
      '30',
      '--backtest',
      '--from',
      '2024-06',
      '--to',
      '2026-06',
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.ok(j.calibration.max_abs_log_error <= 0.05);
    assert.ok(
      j.calibration.products.some(
        (p: { model: string; loss_leader: boolean }) => p.model === 'doubao-pro-32k' && p.loss_leader,
      ),
    );
    for (const key of [
      'model',
      'list_price',
      'nash_price',
      'implied_cost',
      'loss_leader',
      'subsidy_per_1m',
    ]) {
      assert.ok(key in j.calibration.products[0], key);
    }
    assert.equal(j.backtest.from, '2024-06');
    assert.equal(j.backtest.to, '2026-06');
    assert.ok(j.backtest.products.length >= 10);
    assert.equal(j.backtest.products[0].actual.length, 25);
    assert.equal(typeof j.backtest.median_abs_log_error, 'number');
    assert.ok('direction_hits' in j.backtest);
    assert.ok(j.outcome.hhi_by_region.US && j.outcome.hhi_by_region.CN);
  });

  it('--counterfactual no-war and --shock; calibrate prints the table', () => {
    const r = quadrant(
      'simulate',
      '--scenario',
      'likely',
      '--runs',
      '30',
      '--months',
      '12',
      '--counterfactual',
      'no-war',
      '--shock',
      'alibaba:qwen-max:-40%:2024-09',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No-war counterfactual/);
    assert.match(r.stdout, /moonshot .* without the war; exits .* = war /);
    const c = quadrant('calibrate', '--scenario', 'likely');
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /doubao-pro-32k .* yes/);
    assert.match(c.stdout, /loss leaders: .*qwen-long/);
  });

  it('bad flags and broken scenarios: one line, exit 1; warnings go to stderr with exit 0', () => {
    const huge = file(
      'huge-alpha.yaml',
      readFileSync('data/scenarios/likely.yaml', 'utf8').replace(
        /\n {4}alpha: [0-9.]+\n/g,
        '\n    alpha: 100000\n',
      ),
    );
    for (const [args, pattern] of [
      [['--scenario', 'likely', '--counterfactual', 'peace'], /--counterfactual must be "no-war"/],
      [['--scenario', 'likely', '--from', '2024-06'], /--from and --to need --backtest/],
      [['--scenario', 'likely', '--backtest', '--from', '2024-13'], /--from must be a month YYYY-MM/],
      [
        ['--scenario', 'likely', '--backtest', '--from', '2023-01'],
        /before the scenario's calibration start/,
      ],
      [['--scenario', 'likely', '--shock', 'alibaba:qwen-maxx:-40%:2024-09'], /has no model "qwen-maxx"/],
      [['--scenario', huge, '--runs', '5'], /calibration failed|non-finite/],
    ] as const) {
      const r = quadrant('simulate', ...args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], pattern);
    }
    const edited = file(
      'edited.yaml',
      readFileSync('data/scenarios/likely.yaml', 'utf8')
        .replace('  - param: growth_per_month\n', '  - param: growth_per_month\n    mode: set\n')
        .replace('growth_per_month: 0.06', 'growth_per_month: 0.2'),
    );
    const w = quadrant('simulate', '--scenario', edited, '--runs', '5', '--months', '3');
    assert.equal(w.code, 0, w.stderr);
    assert.match(
      w.stderr,
      /warning: uncertainty\[0\] \(growth_per_month, mode: set\) replaces market\.growth_per_month = 0\.2/,
    );
  });
});
