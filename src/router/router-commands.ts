/**
 * The actions behind `quadrant router train | eval | calibrate` (the command file only parses flags).
 */
import { QuadrantError } from '../errors.ts';
import { readTextFile } from '../read-text-file.ts';
import { parseCsv } from './csv-records.ts';
import { type EvalOptions, type EvalResult, evaluateScores, type SplitInfo } from './evaluate-router.ts';
import { type RoutingData, type RoutingExample, readRoutingData } from './read-routing-data.ts';
import { CandidateRouter, thresholdForShare } from './route-decision.ts';
import { readRouterFile, type TrainedRouter, trainingRecord } from './router-file.ts';
import { type SplitKind, splitData } from './split-data.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions, trainSuccessModel } from './success-model.ts';

export function parseModelList(text: string | undefined, name = '--models'): string[] | undefined {
  if (text === undefined) return undefined;
  const models = text
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (models.length < 2 || new Set(models).size !== models.length) {
    throw new QuadrantError(
      'invalid_argument',
      `${name} needs at least two different models (WEAK,STRONG[,…]), got "${text}"`,
    );
  }
  return models;
}

function parseNumberOption(
  text: string | undefined,
  name: string,
  ok: (x: number) => boolean,
  what: string,
): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !ok(x)) {
    throw new QuadrantError('invalid_argument', `${name} must be ${what}, got "${text}"`);
  }
  return x;
}

export function parseTrainOptions(flags: { seed?: string; epochs?: string; bits?: string }): TrainOptions {
  return {
    ...DEFAULT_TRAIN_OPTIONS,
    seed:
      parseNumberOption(flags.seed, '--seed', Number.isSafeInteger, 'a whole number') ??
      DEFAULT_TRAIN_OPTIONS.seed,
    epochs:
      parseNumberOption(
        flags.epochs,
        '--epochs',
        (x) => Number.isInteger(x) && x >= 1 && x <= 100,
        'a whole number 1..100',
      ) ?? DEFAULT_TRAIN_OPTIONS.epochs,
    bits:
      parseNumberOption(
        flags.bits,
        '--bits',
        (x) => Number.isInteger(x) && x >= 8 && x <= 24,
        'a whole number 8..24',
      ) ?? DEFAULT_TRAIN_OPTIONS.bits,
  };
}

export function trainRouter(
  examples: readonly RoutingExample[],
  models: string[],
  options: TrainOptions,
  source: string,
): TrainedRouter {
  const model = trainSuccessModel(examples, models, options);
  return { model, training: trainingRecord(options, examples.length, source) };
}

export interface TrainFlags {
  data: string;
  models?: string;
  exclude?: string;
  seed?: string;
  epochs?: string;
  bits?: string;
}

export function runTrain(flags: TrainFlags): { router: TrainedRouter; data: RoutingData } {
  const options = parseTrainOptions(flags);
  const data = readRoutingData(flags.data, { models: parseModelList(flags.models), exclude: flags.exclude });
  return { router: trainRouter(data.examples, data.models, options, flags.data), data };
}

/** The weak/strong pair inside a model list: given names, or the first and the last. */
function pairIn(
  models: readonly string[],
  pair: string[] | undefined,
  where: string,
): { weak: number; strong: number } {
  const [weakName, strongName] = pair
    ? [pair[0], pair[pair.length - 1]]
    : [models[0], models[models.length - 1]];
  const weak = models.indexOf(weakName);
  const strong = models.indexOf(strongName);
  for (const [name, at] of [
    [weakName, weak],
    [strongName, strong],
  ] as const) {
    if (at < 0)
      throw new QuadrantError(
        'invalid_argument',
        `${where} has no model "${name}" (it has: ${models.join(', ')})`,
      );
  }
  return { weak, strong };
}

export interface EvalFlags extends TrainFlags {
  router?: string;
  split?: string;
  holdout?: string;
}

export function runEval(flags: EvalFlags, pricing: EvalOptions['pricing']): EvalResult {
  const pair = parseModelList(flags.models);
  if (flags.router !== undefined && flags.split !== undefined) {
    throw new QuadrantError(
      'invalid_argument',
      'use either --router FILE (evaluate a trained router) or --split (train and evaluate), not both',
    );
  }
  if (flags.router === undefined && flags.split === undefined) {
    throw new QuadrantError(
      'invalid_argument',
      'router eval needs --router FILE, or --split random|subjects to train on part of the data',
    );
  }
  let router: TrainedRouter;
  let test: RoutingExample[];
  let models: string[];
  let split: SplitInfo;
  if (flags.router !== undefined) {
    router = readRouterFile(flags.router);
    const [w, s] = pair ?? [router.model.models[0], router.model.models[router.model.models.length - 1]];
    const data = readRoutingData(flags.data, { models: [w, s], exclude: flags.exclude });
    test = data.examples;
    models = data.models;
    split = { kind: 'none' };
  } else {
    const kind = flags.split as SplitKind;
    if (kind !== 'random' && kind !== 'subjects') {
      throw new QuadrantError('invalid_argument', `--split must be random or subjects, got "${flags.split}"`);
    }
    const holdout =
      parseNumberOption(flags.holdout, '--holdout', (x) => x > 0 && x < 1, 'a share between 0 and 1') ?? 0.2;
    const options = parseTrainOptions(flags);
    const data = readRoutingData(flags.data, { models: pair, exclude: flags.exclude });
    const parts = splitData(data.examples, kind, holdout, options.seed);
    router = trainRouter(parts.train, data.models, options, flags.data);
    test = parts.test;
    models = data.models;
    split = {
      kind,
      holdout,
      seed: options.seed,
      train: parts.train.length,
      ...(kind === 'subjects' ? { test_sources: parts.testSources } : {}),
    };
  }
  const inData = pairIn(models, pair, `the data ${flags.data}`);
  const candidates = new CandidateRouter(router.model, [models[inData.weak], models[inData.strong]]);
  const scores = test.map((e) => candidates.score(e.prompt));
  return evaluateScores(test, scores, inData, {
    weak: models[inData.weak],
    strong: models[inData.strong],
    data: flags.data,
    split,
    pricing,
  });
}

/** Prompts for calibration: a CSV with a `prompt` column, JSONL (strings or objects with `prompt`), or text (one per line). */
export function readPromptFile(path: string): string[] {
  const text = readTextFile(path, 'prompts file', { param: 'prompts' });
  let prompts: string[];
  if (/\.csv$/i.test(path)) {
    const rows = parseCsv(text);
    const col = rows[0]?.fields.indexOf('prompt') ?? -1;
    if (col < 0)
      throw new QuadrantError('invalid_routing_data', `${path} has no "prompt" column`, { param: 'prompts' });
    prompts = rows.slice(1).map((r) => r.fields[col] ?? '');
  } else if (/\.jsonl$/i.test(path)) {
    prompts = text
      .split('\n')
      .map((l, i) => ({ l: l.trim(), i }))
      .filter(({ l }) => l !== '')
      .map(({ l, i }) => {
        let v: unknown;
        try {
          v = JSON.parse(l);
        } catch {
          throw new QuadrantError('invalid_routing_data', `${path} line ${i + 1} is not JSON`, {
            param: 'prompts',
          });
        }
        const p = typeof v === 'string' ? v : (v as { prompt?: unknown } | null)?.prompt;
        if (typeof p !== 'string') {
          throw new QuadrantError('invalid_routing_data', `${path} line ${i + 1} has no "prompt" string`, {
            param: 'prompts',
          });
        }
        return p;
      });
  } else {
    prompts = text.split('\n').filter((l) => l.trim() !== '');
  }
  if (prompts.length === 0)
    throw new QuadrantError('invalid_routing_data', `${path} holds no prompts`, { param: 'prompts' });
  return prompts;
}

export interface CalibrateFlags {
  router: string;
  prompts: string;
  strongShare: string;
  models?: string;
}

export interface CalibrateResult {
  router: string;
  candidates: string[];
  prompts: number;
  requested_strong_share: number;
  threshold: number;
  strong_share: number;
}

export function runCalibrate(flags: CalibrateFlags): CalibrateResult {
  const share = parseNumberOption(
    flags.strongShare,
    '--strong-share',
    (x) => x >= 0 && x <= 1,
    'a share between 0 and 1',
  );
  const router = readRouterFile(flags.router);
  const pair = parseModelList(flags.models);
  const models = router.model.models;
  const at = pairIn(models, pair, `the router ${flags.router}`);
  const candidates = [models[at.weak], models[at.strong]];
  const decide = new CandidateRouter(router.model, candidates);
  const prompts = readPromptFile(flags.prompts);
  const scores = prompts.map((p) => decide.score(p));
  const t = thresholdForShare(scores, share as number);
  return {
    router: flags.router,
    candidates,
    prompts: prompts.length,
    requested_strong_share: share as number,
    threshold: t.threshold,
    strong_share: t.share,
  };
}
