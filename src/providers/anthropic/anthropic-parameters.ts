/**
 * How Anthropic's Messages API receives each OpenAI chat parameter (see src/providers/shared/parameter-table.ts).
 * @module
 */
import { isDefault, OPENAI_ONLY_PARAMETERS, type ParameterTable } from '../shared/parameter-table.ts';

/** The tool that carries structured output (`response_format`): forced, its input is the JSON answer. */
export const STRUCTURED_OUTPUT_TOOL = 'quadrant_structured_output';

/** reasoning_effort → thinking.budget_tokens (Anthropic's minimum budget is 1024). */
export const ANTHROPIC_THINKING_BUDGET: Readonly<Record<string, number>> = {
  low: 1024,
  medium: 4096,
  high: 16384,
};

export const ANTHROPIC_PARAMETERS: ParameterTable = {
  provider: 'anthropic',
  unknown: 'reject',
  params: {
    max_completion_tokens: { support: 'translated', to: 'max_tokens' },
    max_tokens: { support: 'translated', to: 'max_tokens' },
    temperature: { support: 'translated', to: 'temperature', note: 'clamped to 0–1' },
    top_p: { support: 'passed' },
    top_k: { support: 'passed' },
    n: { support: 'unsupported', note: 'one answer per request', harmless: isDefault(1) },
    stop: { support: 'translated', to: 'stop_sequences' },
    seed: { support: 'unsupported' },
    presence_penalty: { support: 'unsupported', harmless: isDefault(0) },
    frequency_penalty: { support: 'unsupported', harmless: isDefault(0) },
    logit_bias: { support: 'unsupported' },
    logprobs: { support: 'unsupported', harmless: isDefault(false) },
    top_logprobs: { support: 'unsupported', harmless: isDefault(0) },
    response_format: {
      support: 'translated',
      to: `tools + tool_choice {type:"tool",name:"${STRUCTURED_OUTPUT_TOOL}"}`,
      note: 'a forced tool whose input_schema is the JSON schema; its input comes back as the message text',
    },
    tools: { support: 'translated', to: 'tools[].input_schema' },
    tool_choice: { support: 'translated', to: 'tool_choice (auto/any/tool/none)' },
    parallel_tool_calls: { support: 'translated', to: 'tool_choice.disable_parallel_tool_use' },
    reasoning_effort: {
      support: 'translated',
      to: 'thinking.budget_tokens',
      note: 'low 1024, medium 4096, high 16384 (an Anthropic-inbound budget is kept exactly)',
    },
    user: { support: 'translated', to: 'metadata.user_id' },
    ...OPENAI_ONLY_PARAMETERS,
  },
  contentParts: {
    image_url: { support: 'translated', to: 'image (base64 or url source)' },
    input_audio: { support: 'unsupported' },
    file: { support: 'unsupported' },
  },
};
