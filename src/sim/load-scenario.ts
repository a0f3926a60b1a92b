/**
 * Loads a scenario: a preset name (best, worst, likely → data/scenarios/<name>.yaml) or a YAML/JSON file.
 * Errors are QuadrantError('invalid_scenario') naming the file and the path of the bad entry, e.g.
 *   "my.yaml: vendors[2] (id zhipu).models[0] (id glm-4).price: Too small: expected number to be >=0"
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { describePath } from '../describe-path.ts';
import { QuadrantError, suggestClosest } from '../errors.ts';
import { readTextFile } from '../read-text-file.ts';
import { type Scenario, scenarioSchema } from './scenario-schema.ts';

export const PRESETS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/scenarios');

export function presetNames(): string[] {
  if (!existsSync(PRESETS_DIR)) return [];
  return readdirSync(PRESETS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

/** Validates parsed scenario data; `label` names the source in error messages. */
export function parseScenario(data: unknown, label: string): Scenario {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = describePath(data, issue.path as Array<string | number>);
    const more =
      parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    throw new QuadrantError('invalid_scenario', `${label}: ${where}: ${issue.message}${more}`, {
      param: 'scenario',
      detail: { issues: parsed.error.issues.map((i) => ({ path: i.path, message: i.message })) },
    });
  }
  return parsed.data;
}

export function parseScenarioText(text: string, label: string): Scenario {
  let data: unknown;
  try {
    data = YAML.parse(text, { prettyErrors: true });
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0];
    throw new QuadrantError('invalid_scenario', `${label}: not valid YAML: ${first}`, { param: 'scenario' });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new QuadrantError(
      'invalid_scenario',
      `${label}: expected a mapping (name, market, segments, vendors, …)`,
    );
  }
  return parseScenario(data, label);
}

/** A preset name or a path to a YAML/JSON scenario file. */
export function loadScenario(nameOrFile: string): Scenario {
  const looksLikePath = /[/\\]|\.(ya?ml|json)$/i.test(nameOrFile);
  let file: string;
  if (!looksLikePath) {
    file = join(PRESETS_DIR, `${nameOrFile}.yaml`);
    if (!existsSync(file)) {
      const presets = presetNames();
      const hint = suggestClosest(nameOrFile, presets);
      throw new QuadrantError(
        'invalid_scenario',
        `unknown scenario "${nameOrFile}": presets are ${presets.join(', ')}${hint.length ? ` (did you mean ${hint.join(', ')}?)` : ''}; or pass a YAML file`,
        { param: 'scenario' },
      );
    }
  } else {
    file = resolve(nameOrFile);
  }
  const text = readTextFile(file, 'scenario', { param: 'scenario' });
  return parseScenarioText(text, looksLikePath ? nameOrFile : `data/scenarios/${basename(file)}`);
}
