/**
 * Declarative parameter tables (Portkey `chatComplete.ts` style): for each OpenAI chat parameter, how one
 * provider receives it — `passed` as is, `translated` into the provider's own field, `ignored` (no effect on
 * the answer, e.g. OpenAI-side storage flags) or `unsupported`. The request builders do the translating;
 * {@link checkParameters} refuses (or, with `drop_params`, drops) what a provider cannot do, so that nothing
 * is ever silently ignored. {@link renderParameterTables} writes the docs page.
 * @module
 */
import { QuadrantError } from '../../errors.ts';
import type { ChatRequest, ParameterSupport, ParameterTable } from '../types.ts';
import { isObject } from './json.ts';

export type { ParameterSupport, ParameterTable } from '../types.ts';

/** Parameters that are the gateway's own envelope, never refused. */
const ENVELOPE = new Set(['model', 'messages', 'stream', 'stream_options', 'thinking_budget_tokens']);

export const isDefault =
  (...defaults: unknown[]) =>
  (value: unknown): boolean =>
    defaults.includes(value);

/** Every OpenAI chat parameter the gateway knows (the docs' rows, in order). */
/** OpenAI-only features, the same for every translated provider: storage tags ignored, the rest refused. */
export const OPENAI_ONLY_PARAMETERS: ParameterTable['params'] = {
  metadata: { support: 'ignored', note: 'OpenAI-side storage tags' },
  store: { support: 'ignored', note: 'OpenAI-side storage' },
  service_tier: { support: 'ignored', note: 'OpenAI tiers' },
  prediction: { support: 'unsupported' },
  modalities: { support: 'unsupported', harmless: (v) => Array.isArray(v) && v.every((m) => m === 'text') },
  audio: { support: 'unsupported' },
  web_search_options: { support: 'unsupported' },
};

export const OPENAI_CHAT_PARAMETERS = [
  'max_completion_tokens',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'n',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'response_format',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning_effort',
  'user',
  'metadata',
  'store',
  'service_tier',
  'prediction',
  'modalities',
  'audio',
  'web_search_options',
] as const;

export const CONTENT_PARTS = ['image_url', 'input_audio', 'file'] as const;

export interface CheckedRequest {
  request: ChatRequest;
  /** Parameters (or content paths) removed because of `drop_params`. */
  dropped: string[];
}

/**
 * Refuses (400 `unsupported_parameter`, naming it) every parameter or content part the provider cannot
 * receive; with `dropParams` removes them instead and lists them.
 */
export function checkParameters(
  table: ParameterTable | undefined,
  request: ChatRequest,
  options: { dropParams: boolean },
): CheckedRequest {
  if (!table) return { request, dropped: [] };
  const dropped: string[] = [];
  let out: ChatRequest = request;
  const refuse = (param: string, why: string): void => {
    if (!options.dropParams)
      throw new QuadrantError(
        'unsupported_parameter',
        `${table.provider} does not support "${param}"${why ? ` (${why})` : ''}; set drop_params: true in the gateway config to drop it instead`,
        { param },
      );
    dropped.push(param);
  };
  for (const [name, value] of Object.entries(request)) {
    if (value === undefined || value === null || ENVELOPE.has(name)) continue;
    const entry = table.params[name];
    const unsupported =
      entry === undefined
        ? table.unknown === 'reject'
        : entry.support === 'unsupported' && !(entry.harmless?.(value) ?? false);
    if (!unsupported) continue;
    refuse(name, entry?.note ?? '');
    if (out === request) out = { ...request };
    delete out[name];
  }
  let messages: ChatRequest['messages'] | undefined;
  out.messages.forEach((message, i) => {
    if (!Array.isArray(message.content)) return;
    const content = message.content as unknown[];
    const kept = content.filter((part, j) => {
      if (!isObject(part) || typeof part.type !== 'string' || part.type === 'text') return true;
      const entry = table.contentParts[part.type];
      const path = `messages[${i}].content[${j}]`;
      if (entry === undefined || entry.support === 'unsupported') {
        refuse(`${path}.${part.type}`, entry?.note ?? '');
        return false;
      }
      const bad = table.checkPart?.(part);
      if (bad === undefined) return true;
      refuse(`${path}.${bad.path}`, bad.why);
      return false;
    });
    if (kept.length !== content.length) {
      messages ??= [...out.messages];
      messages[i] = { ...message, content: kept as typeof message.content };
    }
  });
  if (messages) out = { ...out, messages };
  return { request: out, dropped };
}

function describe(entry: ParameterSupport | undefined, unknown: 'pass' | 'reject'): string {
  if (!entry) return unknown === 'pass' ? 'passed' : 'unsupported';
  const note = entry.note ? ` — ${entry.note}` : '';
  switch (entry.support) {
    case 'passed':
      return `passed${note}`;
    case 'translated':
      return `→ \`${entry.to}\`${note}`;
    case 'ignored':
      return `ignored${note}`;
    case 'unsupported':
      return `**unsupported**${note}`;
  }
}

/** The Markdown page: one column per provider table, one row per parameter and content part. */
export function renderParameterTables(tables: ParameterTable[]): string {
  const header = `| parameter | ${tables.map((t) => t.provider).join(' | ')} |`;
  const rule = `|---|${tables.map(() => '---').join('|')}|`;
  const rows = OPENAI_CHAT_PARAMETERS.map(
    (p) => `| \`${p}\` | ${tables.map((t) => describe(t.params[p], t.unknown)).join(' | ')} |`,
  );
  const parts = CONTENT_PARTS.map(
    (p) =>
      `| content part \`${p}\` | ${tables.map((t) => describe(t.contentParts[p], 'reject')).join(' | ')} |`,
  );
  return [header, rule, ...rows, ...parts].join('\n');
}
