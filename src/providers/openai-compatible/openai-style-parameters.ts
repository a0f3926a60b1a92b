/**
 * OpenAI-style upstreams speak the canonical format: every parameter is passed as is and the provider
 * answers for what it does not know (see src/providers/shared/parameter-table.ts).
 * @module
 */
import {
  OPENAI_CHAT_PARAMETERS,
  type ParameterSupport,
  type ParameterTable,
} from '../shared/parameter-table.ts';

export function openAIStyleParameters(provider: string, options: { topK: boolean }): ParameterTable {
  const params: Record<string, ParameterSupport> = Object.fromEntries(
    OPENAI_CHAT_PARAMETERS.map((p) => [p, { support: 'passed' as const }]),
  );
  if (!options.topK) params.top_k = { support: 'unsupported', note: 'not an OpenAI parameter' };
  return {
    provider,
    unknown: 'pass',
    params,
    contentParts: {
      image_url: { support: 'passed' },
      input_audio: { support: 'passed' },
      file: { support: 'passed' },
    },
  };
}
