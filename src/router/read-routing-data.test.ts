import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isQuadrantError } from '../errors.ts';
import { parseCsv } from './csv-records.ts';
import { parseScore, readRoutingData } from './read-routing-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'quadrant-routing-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function rejects(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isQuadrantError(err), `not a QuadrantError: ${err}`);
    assert.match((err as Error).message, pattern);
    return true;
  });
}

describe('CSV records', () => {
  it('reads quoted fields with commas, quotes and line breaks, and counts lines', () => {
    const rows = parseCsv('a,b\r\n"x, ""y""\nz",1\n\nplain,2\n');
    assert.deepEqual(rows, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"\nz', '1'] },
      { line: 5, fields: ['plain', '2'] },
    ]);
  });
});

describe('routing data (RouteLLM format)', () => {
  const good =
    'prompt,weak-model,strong-model,note\n"What is 2+2?\nA. 4",True,True,x\nHard one,False,1,y\nHalf,0.5,0.25,z\n';

  it('reads a file: prompt, one score column per model, other columns ignored', () => {
    const data = readRoutingData(file('good.csv', good), { models: ['weak-model', 'strong-model'] });
    assert.deepEqual(data.models, ['weak-model', 'strong-model']);
    assert.deepEqual(
      data.examples.map((e) => [e.prompt, e.source, e.scores]),
      [
        ['What is 2+2?\nA. 4', 'good', [1, 1]],
        ['Hard one', 'good', [0, 1]],
        ['Half', 'good', [0.5, 0.25]],
      ],
    );
  });

  it('detects the model columns when --models is not given', () => {
    const data = readRoutingData(file('detect.csv', good));
    assert.deepEqual(data.models, ['weak-model', 'strong-model']);
  });

  it('reads a folder of CSVs, in name order, each file a source; --exclude drops listed prompts', () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'b_subject.csv'), 'prompt,w,s\nB1,True,False\n');
    writeFileSync(join(folder, 'a_subject.csv'), 'prompt,w,s\nA1,False,True\nA2,True,True\n');
    writeFileSync(join(folder, 'readme.txt'), 'not data');
    const exclude = file('exclude.jsonl', '{"eval_prompt":"A2","train_prompt":"x"}\n"B9"\n');
    const data = readRoutingData(folder, { exclude });
    assert.deepEqual(
      data.examples.map((e) => [e.source, e.prompt]),
      [
        ['a_subject', 'A1'],
        ['b_subject', 'B1'],
      ],
    );
    assert.equal(data.excluded, 1);
  });

  it('bad input is one clear error naming the file and line', () => {
    rejects(
      () => readRoutingData(join(dir, 'missing.csv')),
      /cannot read routing data .*missing\.csv: ENOENT/,
    );
    rejects(() => readRoutingData(file('empty.csv', '')), /empty/);
    rejects(
      () => readRoutingData(file('noprompt.csv', 'question,a,b\nx,True,False\n')),
      /no "prompt" column/,
    );
    rejects(
      () => readRoutingData(file('nomodel.csv', good), { models: ['weak-model', 'gpt-9'] }),
      /no column for model "gpt-9"/,
    );
    rejects(
      () =>
        readRoutingData(file('badscore.csv', 'prompt,w,s\nok,True,False\nbad,maybe,True\n'), {
          models: ['w', 's'],
        }),
      /badscore\.csv line 3: "maybe" is not a score for w/,
    );
    rejects(
      () => readRoutingData(file('range.csv', 'prompt,w,s\nbad,1.5,True\n'), { models: ['w', 's'] }),
      /"1.5" is not a score/,
    );
    rejects(
      () => readRoutingData(file('fields.csv', 'prompt,w,s\nx,True\n')),
      /line 2 has 2 fields, the header has 3/,
    );
    rejects(() => readRoutingData(file('quote.csv', 'prompt,w,s\n"open,True,False\n')), /never closes/);
    rejects(
      () => readRoutingData(file('stray.csv', 'prompt,w,s\nab"c,True,False\n')),
      /quote inside an unquoted/,
    );
    rejects(() => readRoutingData(file('one.csv', 'prompt,w,note\nx,True,hello\n')), /at least two models/);
    rejects(() => readRoutingData(file('emptyprompt.csv', 'prompt,w,s\n"",True,False\n')), /empty prompt/);
    const folder = join(dir, 'nocsv');
    mkdirSync(folder);
    rejects(() => readRoutingData(folder), /holds no \.csv files/);
    rejects(
      () =>
        readRoutingData(file('ok.csv', good), {
          exclude: file('bad.jsonl', '{"eval_prompt":"x"}\nnot json\n'),
        }),
      /bad\.jsonl line 2 is not JSON/,
    );
    rejects(
      () => readRoutingData(file('ok2.csv', good), { exclude: file('bad2.jsonl', '{"other":1}\n') }),
      /line 1 has no prompt/,
    );
  });

  it('scores: True/False, 1/0, numbers in [0, 1]', () => {
    assert.equal(parseScore('True'), 1);
    assert.equal(parseScore('false'), 0);
    assert.equal(parseScore('0.75'), 0.75);
    assert.equal(parseScore('1'), 1);
    assert.equal(parseScore('-0.1'), undefined);
    assert.equal(parseScore('yes'), undefined);
    assert.equal(parseScore(''), undefined);
  });
});
