/**
 * How DashScope's native text-generation API receives each OpenAI chat parameter (see
 * src/providers/shared/parameter-table.ts). Everything goes into `parameters`; `result_format` is always
 * `message`.
 * @module
 */
import { isDefault, OPENAI_ONLY_PARAMETERS, type ParameterTable } from '../shared/parameter-table.ts';

/** reasoning_effort → enable_thinking + thinking_budget. */
export const DASHSCOPE_THINKING_BUDGET: Readonly<Record<string, number>> = {
  low: 1024,
  medium: 8192,
  high: 32768,
};

export const DASHSCOPE_NATIVE_PARAMETERS: ParameterTable = {
  provider: 'dashscope (native)',
  unknown: 'reject',
  params: {
    max_completion_tokens: { support: 'translated', to: 'parameters.max_tokens' },
    max_tokens: { support: 'translated', to: 'parameters.max_tokens' },
    temperature: { support: 'translated', to: 'parameters.temperature' },
    top_p: { support: 'translated', to: 'parameters.top_p' },
    top_k: { support: 'translated', to: 'parameters.top_k' },
    n: { support: 'translated', to: 'parameters.n' },
    stop: { support: 'translated', to: 'parameters.stop' },
    seed: { support: 'translated', to: 'parameters.seed' },
    presence_penalty: { support: 'translated', to: 'parameters.presence_penalty' },
    frequency_penalty: { support: 'unsupported', harmless: isDefault(0) },
    logit_bias: { support: 'unsupported' },
    logprobs: { support: 'translated', to: 'parameters.logprobs' },
    top_logprobs: { support: 'translated', to: 'parameters.top_logprobs' },
    response_format: {
      support: 'translated',
      to: 'parameters.response_format',
      note: 'json_object and json_schema, with result_format "message"',
    },
    tools: { support: 'translated', to: 'parameters.tools' },
    tool_choice: { support: 'translated', to: 'parameters.tool_choice' },
    parallel_tool_calls: { support: 'translated', to: 'parameters.parallel_tool_calls' },
    reasoning_effort: {
      support: 'translated',
      to: 'parameters.enable_thinking + thinking_budget',
      note: 'none/minimal → enable_thinking false; low 1024, medium 8192, high 32768',
    },
    user: { support: 'ignored', note: 'end-user id; DashScope has no such field' },
    ...OPENAI_ONLY_PARAMETERS,
    enable_thinking: { support: 'passed' },
    enable_search: { support: 'passed' },
  },
  contentParts: {
    image_url: { support: 'unsupported', note: 'the text-generation endpoint takes text only' },
    input_audio: { support: 'unsupported' },
    file: { support: 'unsupported' },
  },
};
