/** `quadrant router train | eval | calibrate` end to end through the CLI, on small synthetic RouteLLM-format data. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'quadrant-router-cli-'));
const dataDir = join(dir, 'data');
const db = join(dir, 'store', 'quadrant.db');
after(() => rmSync(dir, { recursive: true, force: true }));

// Two "subjects". The weak model fails arithmetic questions, the strong one fails only some trick questions.
function rows(subject: string, count: number): string {
  const lines = ['prompt,weak/model,strong-model,answer'];
  for (let i = 0; i < count; i++) {
    const hard = i % 3 === 0;
    const trick = i % 10 === 5;
    const prompt = hard
      ? `"Calculate ${i} * ${i + 7} + ${i % 5}^2 = ?\nA. ${i}\nB. ${i + 1}\nAnswer:"`
      : `"Which ${subject} fact about item ${i} is true?\nA. one\nB. two\nAnswer:"`;
    lines.push(`${prompt},${hard ? 'False' : 'True'},${trick ? 'False' : 'True'},A`);
  }
  return `${lines.join('\n')}\n`;
}

before(() => {
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'history.csv'), rows('history', 150));
  writeFileSync(join(dataDir, 'biology.csv'), rows('biology', 150));
  writeFileSync(
    join(dir, 'exclude.jsonl'),
    '{"eval_prompt":"Which history fact about item 1 is true?\\nA. one\\nB. two\\nAnswer:"}\n',
  );
  writeFileSync(
    join(dir, 'prompts.txt'),
    'Calculate 3 * 4 = ?\nWhich river is longest?\nCalculate 12^2 + 1 = ?\nName a colour\n',
  );
});

const env = { QUADRANT_DB: db };

async function trainTo(routerFile: string): Promise<void> {
  const r = await runCli(['router', 'train', '--data', dataDir, '--bits', '12', '--out', routerFile], env);
  assert.equal(r.code, 0, r.stderr);
}

describe('quadrant router', () => {
  it('train is deterministic with --seed and writes a router file', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const common = [
      'router',
      'train',
      '--data',
      dataDir,
      '--bits',
      '12',
      '--seed',
      '5',
      '--exclude',
      join(dir, 'exclude.jsonl'),
    ];
    const ra = await runCli([...common, '--out', a], env);
    assert.equal(ra.code, 0, ra.stderr);
    assert.match(
      ra.stdout,
      /trained on 299 prompts \(1 excluded\) from 2 file\(s\) for weak\/model, strong-model/,
    );
    const rb = await runCli([...common, '--out', b], env);
    assert.equal(rb.code, 0, rb.stderr);
    assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
    const file = JSON.parse(readFileSync(a, 'utf8'));
    assert.equal(file.format, 'quadrant-router');
    assert.deepEqual(file.models, ['weak/model', 'strong-model']);
  });

  it('eval --router reports the JSON fields, beats random and prices the savings from the catalog', async () => {
    const routerFile = join(dir, 'r.json');
    await trainTo(routerFile);
    const r = await runCli(
      [
        'router',
        'eval',
        '--data',
        dataDir,
        '--router',
        routerFile,
        '--price-as',
        'weak=gpt-4o-mini,strong=gpt-4-turbo',
        '--date',
        '2024-08-01',
        '--json',
      ],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    for (const key of ['n', 'apgr', 'cpt50', 'cpt80', 'strong_share_at_95', 'savings', 'baselines'])
      assert.ok(key in out, key);
    assert.equal(out.n, 300);
    assert.ok(out.apgr > 0.9, `apgr ${out.apgr}`); // the pattern is easy: the router must find it
    assert.equal(out.baselines.random.apgr, 0.5);
    assert.ok(out.baselines.oracle.apgr >= out.apgr);
    assert.equal(out.baselines.always_weak.accuracy, 200 / 300);
    assert.equal(out.savings.currency, 'USD');
    assert.match(out.savings.amount, /^\d+(\.\d+)?$/);
    assert.ok(Number(out.savings.amount) > 0);
    assert.equal(out.savings.price_as.weak, 'gpt-4o-mini');
    // stored for the dashboard
    const stored = JSON.parse(readFileSync(join(dir, 'store', 'router-eval.json'), 'utf8'));
    assert.equal(stored.result.apgr, out.apgr);
    assert.equal(stored.result.curves.router.length, 101);
  });

  it('eval --split random|subjects trains on one part and evaluates on the other; text table; PNG chart', async () => {
    const png = join(dir, 'pgr.png');
    const r = await runCli(
      [
        'router',
        'eval',
        '--data',
        dataDir,
        '--split',
        'subjects',
        '--holdout',
        '0.5',
        '--seed',
        '3',
        '--bits',
        '12',
        '--chart',
        png,
        '--no-save',
      ],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /subjects split/);
    assert.match(r.stdout, /router\s+\d\.\d{3}/);
    assert.deepEqual([...readFileSync(png).subarray(1, 4)], [...Buffer.from('PNG')]);
    const j = await runCli(
      [
        'router',
        'eval',
        '--data',
        dataDir,
        '--split',
        'random',
        '--seed',
        '3',
        '--bits',
        '12',
        '--json',
        '--no-save',
      ],
      env,
    );
    const out = JSON.parse(j.stdout);
    assert.equal(out.n, 60);
    assert.equal(out.split.train, 240);
    assert.ok(out.apgr > 0.6, `apgr ${out.apgr}`);
  });

  it('calibrate gives the threshold for a strong share', async () => {
    const routerFile = join(dir, 'c.json');
    await trainTo(routerFile);
    const r = await runCli(
      [
        'router',
        'calibrate',
        '--router',
        routerFile,
        '--prompts',
        join(dir, 'prompts.txt'),
        '--strong-share',
        '0.5',
        '--json',
      ],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.prompts, 4);
    assert.equal(out.strong_share, 0.5);
    assert.equal(typeof out.threshold, 'number');
  });

  it('bad input: one line on stderr and exit 1', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `prompt,w,s\n${'fine,True,False\n'.repeat(12)}broken,perhaps,True\n`);
    const cases: Array<[string[], RegExp]> = [
      [
        ['router', 'train', '--data', bad, '--out', join(dir, 'x.json')],
        /bad\.csv line 14: "perhaps" is not a score for w/,
      ],
      [
        ['router', 'train', '--data', join(dir, 'nope'), '--out', join(dir, 'x.json')],
        /cannot read routing data .*nope: ENOENT/,
      ],
      [
        ['router', 'train', '--data', dataDir, '--models', 'weak/model', '--out', join(dir, 'x.json')],
        /--models needs at least two/,
      ],
      [['router', 'eval', '--data', dataDir], /needs --router FILE, or --split/],
      [['router', 'eval', '--data', dataDir, '--split', 'sideways'], /--split must be random or subjects/],
      [['router', 'eval', '--data', dataDir, '--router', bad], /is not JSON/],
      [
        [
          'router',
          'eval',
          '--data',
          dataDir,
          '--split',
          'random',
          '--price-as',
          'weak=mixtral-8x7b,strong=gpt-4-turbo',
        ],
        /unknown model "mixtral-8x7b"/,
      ],
      [
        ['router', 'eval', '--data', dataDir, '--split', 'random', '--price-as', 'cheap=x'],
        /--price-as must look like/,
      ],
      [
        ['router', 'calibrate', '--router', bad, '--prompts', bad, '--strong-share', '2'],
        /--strong-share must be a share between 0 and 1/,
      ],
    ];
    for (const [args, pattern] of cases) {
      const r = await runCli(args, env);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
