/**
 * How Gemini's native generateContent receives each OpenAI chat parameter (see
 * src/providers/shared/parameter-table.ts).
 * @module
 */
import { isObject } from '../shared/json.ts';
import { isDefault, OPENAI_ONLY_PARAMETERS, type ParameterTable } from '../shared/parameter-table.ts';

/** reasoning_effort → thinkingConfig.thinkingBudget. */
export const GEMINI_THINKING_BUDGET: Readonly<Record<string, number>> = {
  none: 0,
  minimal: 0,
  low: 1024,
  medium: 8192,
  high: 24576,
};

/** URLs Gemini can read itself as fileData: its Files API, Cloud Storage, YouTube. */
export function isGeminiFileUri(url: string): boolean {
  return (
    url.startsWith('gs://') ||
    /^https:\/\/generativelanguage\.googleapis\.com\/v1(beta)?\/files\//.test(url) ||
    /^https:\/\/(www\.)?(youtube\.com|youtu\.be)\//.test(url)
  );
}

export const GEMINI_PARAMETERS: ParameterTable = {
  provider: 'gemini',
  unknown: 'reject',
  params: {
    max_completion_tokens: { support: 'translated', to: 'generationConfig.maxOutputTokens' },
    max_tokens: { support: 'translated', to: 'generationConfig.maxOutputTokens' },
    temperature: { support: 'translated', to: 'generationConfig.temperature' },
    top_p: { support: 'translated', to: 'generationConfig.topP' },
    top_k: { support: 'translated', to: 'generationConfig.topK' },
    n: {
      support: 'translated',
      to: 'generationConfig.candidateCount',
      note: 'n > 1 only without streaming',
    },
    stop: { support: 'translated', to: 'generationConfig.stopSequences' },
    seed: { support: 'translated', to: 'generationConfig.seed' },
    presence_penalty: { support: 'translated', to: 'generationConfig.presencePenalty' },
    frequency_penalty: { support: 'translated', to: 'generationConfig.frequencyPenalty' },
    logit_bias: { support: 'unsupported' },
    logprobs: {
      support: 'translated',
      to: 'generationConfig.responseLogprobs',
      note: 'without streaming; logprobsResult comes back as choices[].logprobs',
    },
    top_logprobs: { support: 'translated', to: 'generationConfig.logprobs' },
    response_format: {
      support: 'translated',
      to: 'generationConfig.responseMimeType + responseSchema',
      note: 'json_object → application/json; json_schema → its schema (OpenAPI subset: $schema, additionalProperties, $defs removed)',
    },
    tools: { support: 'translated', to: 'tools[].functionDeclarations' },
    tool_choice: { support: 'translated', to: 'toolConfig.functionCallingConfig' },
    parallel_tool_calls: {
      support: 'unsupported',
      note: 'Gemini may always call several functions',
      harmless: isDefault(true),
    },
    reasoning_effort: {
      support: 'translated',
      to: 'generationConfig.thinkingConfig.thinkingBudget',
      note: 'none/minimal 0, low 1024, medium 8192, high 24576',
    },
    user: { support: 'ignored', note: 'end-user id for abuse tracking; Gemini has no such field' },
    ...OPENAI_ONLY_PARAMETERS,
  },
  contentParts: {
    image_url: {
      support: 'translated',
      to: 'inlineData (data URL) / fileData (Files API, gs://, YouTube)',
      note: 'other https URLs are refused: send the image as a data URL',
    },
    input_audio: { support: 'translated', to: 'inlineData audio/<format>' },
    file: { support: 'translated', to: 'inlineData (file_data as a data URL)', note: 'file_id is refused' },
  },
  checkPart(part) {
    if (part.type === 'image_url') {
      const url = isObject(part.image_url) ? part.image_url.url : part.image_url;
      if (typeof url === 'string' && !url.startsWith('data:') && !isGeminiFileUri(url))
        return {
          path: 'image_url.url',
          why: 'Gemini cannot fetch arbitrary https images; send it as a data URL (base64) or a Files API URI',
        };
    }
    if (part.type === 'file') {
      const file = isObject(part.file) ? part.file : {};
      if (typeof file.file_data !== 'string' || !file.file_data.startsWith('data:'))
        return { path: 'file', why: 'only file_data as a data URL is supported' };
    }
    return undefined;
  },
};
