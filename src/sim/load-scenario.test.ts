import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { isQuadrantError } from '../errors.ts';
import { loadScenario, PRESETS_DIR, parseScenarioText, presetNames } from './load-scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'quadrant-scenario-'));
const likelyText = () => YAML.parse(readPreset('likely'));
function readPreset(name: string): string {
  return readFileSync(join(PRESETS_DIR, `${name}.yaml`), 'utf8');
}

function expectScenarioError(data: unknown, pattern: RegExp): void {
  const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, typeof data === 'string' ? data : YAML.stringify(data));
  assert.throws(
    () => loadScenario(file),
    (err: unknown) => {
      assert.ok(isQuadrantError(err), String(err));
      assert.equal(err.code, 'invalid_scenario');
      assert.match(err.message, pattern);
      assert.ok(!err.message.includes('\n'), 'one line');
      return true;
    },
  );
}

describe('scenario files', () => {
  it('the presets best, likely and worst load', () => {
    assert.deepEqual(presetNames(), ['best', 'likely', 'worst']);
    for (const name of presetNames()) assert.equal(loadScenario(name).name, name);
  });

  it('an unknown preset names the presets and suggests the closest', () => {
    assert.throws(
      () => loadScenario('likly'),
      /unknown scenario "likly": presets are best, likely, worst \(did you mean likely/,
    );
  });

  it('a bad value names the file and the path with the entry ids', () => {
    const data = likelyText();
    data.vendors[3].models[0].price = -1;
    expectScenarioError(
      data,
      /bad-.*\.yaml: vendors\[3\] \(id zhipu\)\.models\[0\] \(id glm-4\)\.price: .*>=0/,
    );
  });

  it('unknown keys are rejected (strict)', () => {
    const data = likelyText();
    data.market.tokens_per_month = 3;
    expectScenarioError(data, /market: Unrecognized key.*tokens_per_month/);
  });

  it('a bad strategy kind, a missing field, duplicate ids and shares not summing to 1 are errors', () => {
    const a = likelyText();
    a.vendors[0].strategy = { kind: 'dump' };
    expectScenarioError(a, /vendors\[0\] \(id openai\)\.strategy\.kind/);
    const b = likelyText();
    delete b.segments[1].alpha;
    expectScenarioError(b, /segments\[1\] \(id global-developers\)\.alpha/);
    const c = likelyText();
    c.vendors[1].id = 'openai';
    expectScenarioError(c, /duplicate vendor id "openai"/);
    const e = likelyText();
    e.vendors[1].models[0].id = e.vendors[0].models[0].id;
    expectScenarioError(e, /vendors\[1\] \(id \w+\)\.models\[0\] \(id [\w.-]+\)\.id: duplicate model id/);
    const d = likelyText();
    d.vendors[0].models[0].initial_share = 0.5;
    expectScenarioError(d, /initial_share of all models must sum to 1/);
  });

  it('broken YAML, a non-mapping and a missing file are clear errors', () => {
    expectScenarioError('name: [unclosed', /not valid YAML/);
    expectScenarioError('- just\n- a list\n', /expected a mapping/);
    assert.throws(() => loadScenario(join(dir, 'nope.yaml')), /cannot read scenario .*nope\.yaml: ENOENT/);
  });

  it('parses scenario text with defaults applied', () => {
    const sc = parseScenarioText(readPreset('likely'), 'likely');
    assert.equal(sc.vendors[0].models[1].free_tier_t_per_month, 0);
    assert.equal(sc.currency, 'USD');
  });
});
