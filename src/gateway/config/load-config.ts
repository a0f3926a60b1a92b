import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { QuadrantError, suggestClosest } from '../../errors.ts';
import { readTextFile } from '../../read-text-file.ts';
import { type GatewayConfig, gatewayConfigSchema } from './config-schema.ts';

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(top level)';
}

/** Replaces `${VAR}` / `${VAR:-default}` in every string of the parsed document. */
export function interpolateEnv(
  value: unknown,
  env: Record<string, string | undefined>,
  path: Array<string | number> = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_m, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      throw new QuadrantError(
        'invalid_config',
        `${formatPath(path)}: environment variable ${name} is not set (referenced as \${${name}})`,
      );
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, [...path, i]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateEnv(v, env, [...path, k]);
    return out;
  }
  return value;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') return `${where}: unknown key(s) ${issue.keys.join(', ')}`;
  return `${where}: ${issue.message}`;
}

/** Validates an already-parsed config object (e.g. built in a test). */
export function validateConfig(
  raw: unknown,
  env: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const interpolated = interpolateEnv(raw ?? {}, env);
  // the admin key may come from the environment instead of the file
  if (
    env.QUADRANT_ADMIN_KEY &&
    interpolated &&
    typeof interpolated === 'object' &&
    !('admin_key' in interpolated)
  )
    (interpolated as Record<string, unknown>).admin_key = env.QUADRANT_ADMIN_KEY;
  const parsed = gatewayConfigSchema.safeParse(interpolated);
  if (!parsed.success) throw new QuadrantError('invalid_config', firstIssue(parsed.error));
  checkReferences(parsed.data);
  return parsed.data;
}

function unique(ids: string[], what: string): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) throw new QuadrantError('invalid_config', `${what}[${i}].id: duplicate id "${id}"`);
    seen.add(id);
  });
}

function checkReferences(cfg: GatewayConfig): void {
  unique(
    cfg.providers.map((p) => p.id),
    'providers',
  );
  unique(
    cfg.models.map((m) => m.id),
    'models',
  );
  const providerIds = cfg.providers.map((p) => p.id);
  const modelIds = new Set(cfg.models.map((m) => m.id));
  cfg.models.forEach((m, i) => {
    if (!providerIds.includes(m.provider)) {
      const hint = suggestClosest(m.provider, providerIds);
      throw new QuadrantError(
        'invalid_config',
        `models[${i}].provider: unknown provider "${m.provider}"${hint.length ? ` (did you mean ${hint.join(', ')}?)` : ''}`,
      );
    }
  });
  cfg.routes.forEach((r, i) => {
    if (modelIds.has(r.id)) {
      throw new QuadrantError('invalid_config', `routes[${i}].id: "${r.id}" is already a model id`);
    }
    r.candidates.forEach((c, j) => {
      if (!modelIds.has(c)) {
        const hint = suggestClosest(c, modelIds);
        throw new QuadrantError(
          'invalid_config',
          `routes[${i}].candidates[${j}]: unknown model "${c}"${hint.length ? ` (did you mean ${hint.join(', ')}?)` : ''}`,
        );
      }
    });
    if (r.strategy === 'fixed' && r.candidates.length !== 1) {
      throw new QuadrantError(
        'invalid_config',
        `routes[${i}].candidates: a fixed route has exactly one candidate`,
      );
    }
    if (r.weights && r.weights.length !== r.candidates.length) {
      throw new QuadrantError('invalid_config', `routes[${i}].weights: needs one weight per candidate`);
    }
    const routerFields =
      r.router !== undefined || r.threshold !== undefined || r.target_strong_share !== undefined;
    if (r.strategy !== 'router' && routerFields) {
      throw new QuadrantError(
        'invalid_config',
        `routes[${i}]: router, threshold and target_strong_share belong to strategy router`,
      );
    }
    if (r.strategy === 'router') {
      if (r.router === undefined) {
        throw new QuadrantError('invalid_config', `routes[${i}].router: strategy router needs a router.json`);
      }
      if ((r.threshold === undefined) === (r.target_strong_share === undefined)) {
        throw new QuadrantError(
          'invalid_config',
          `routes[${i}]: strategy router needs exactly one of threshold or target_strong_share`,
        );
      }
      if (r.candidates.length < 2) {
        throw new QuadrantError(
          'invalid_config',
          `routes[${i}].candidates: a router route needs at least two candidates, cheapest first`,
        );
      }
    }
  });
  unique(
    cfg.routes.map((r) => r.id),
    'routes',
  );
  const names = new Set<string>();
  const routeIds = new Set([...modelIds, ...cfg.routes.map((r) => r.id)]);
  cfg.keys.forEach((k, i) => {
    if (names.has(k.name))
      throw new QuadrantError('invalid_config', `keys[${i}].name: duplicate name "${k.name}"`);
    names.add(k.name);
    k.routes?.forEach((r, j) => {
      if (!routeIds.has(r))
        throw new QuadrantError('invalid_config', `keys[${i}].routes[${j}]: unknown route or model "${r}"`);
    });
  });
}

const PLACEHOLDER = /__QUADRANT_ENV_(\d+)__/g;

function restorePlaceholders(value: unknown, refs: string[]): unknown {
  if (typeof value === 'string') return value.replace(PLACEHOLDER, (_m, i: string) => refs[Number(i)]);
  if (Array.isArray(value)) return value.map((v) => restorePlaceholders(v, refs));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = restorePlaceholders(v, refs);
    return out;
  }
  return value;
}

/** Reads and validates a YAML config file. */
export function loadConfigFile(
  file: string,
  env: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const text = readTextFile(file, 'config', { code: 'invalid_config' });
  // `${VAR}` is not valid inside YAML flow maps ({ api_key: ${KEY} }): swap each reference for a plain
  // placeholder before parsing, and put it back (interpolated) in the parsed strings.
  const refs: string[] = [];
  const protectedText = text.replace(ENV_REF, (m) => `__QUADRANT_ENV_${refs.push(m) - 1}__`);
  let raw: unknown;
  try {
    raw = restorePlaceholders(parseYaml(protectedText), refs);
  } catch (err) {
    throw new QuadrantError(
      'invalid_config',
      `${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  let config: GatewayConfig;
  try {
    config = validateConfig(raw, env);
  } catch (err) {
    if (err instanceof QuadrantError) throw new QuadrantError('invalid_config', `${file}: ${err.message}`);
    throw err;
  }
  // router files are named relative to the config file
  for (const r of config.routes) if (r.router !== undefined) r.router = resolve(dirname(file), r.router);
  return config;
}
