/**
 * The provider parameter page (docs/provider-parameters.md), generated from the adapters' declarative tables:
 * `node --import tsx scripts/write-parameter-docs.ts` rewrites it; a test keeps it current.
 * @module
 */
import { getAdapter } from './index.ts';
import { renderParameterTables } from './shared/parameter-table.ts';
import type { ParameterTable } from './types.ts';

export function parameterTables(): ParameterTable[] {
  const tables = [
    getAdapter('openai').parameters,
    getAdapter('anthropic').parameters,
    getAdapter('gemini').parameters,
    getAdapter('dashscope', { baseUrl: 'https://dashscope.aliyuncs.com' }).parameters,
    getAdapter('deepseek').parameters,
  ];
  return tables.filter((t): t is ParameterTable => t !== undefined);
}

export function providerParametersPage(): string {
  return `# How each provider receives OpenAI chat parameters

Generated from the adapters' parameter tables (\`src/providers/*/*-parameters.ts\`) by
\`node --import tsx scripts/write-parameter-docs.ts\`; do not edit by hand.

- **passed**: sent as is. **→ field**: translated into the provider's own field. **ignored**: accepted with no
  effect on the answer (OpenAI-side storage and tagging). **unsupported**: the gateway answers 400
  \`unsupported_parameter\` naming the parameter (or content part path) — unless the gateway config sets
  \`drop_params: true\`, which drops it and lists it in the \`x-quadrant-dropped-params\` response header.
  Default values (\`n: 1\`, \`logprobs: false\`, penalties 0, \`parallel_tool_calls: true\`) are always accepted.
- zhipu, ark, dashscope (compatible mode) and openai-compatible behave like deepseek: OpenAI-style upstreams
  receive every parameter and answer for what they do not know themselves.
- Structured output (\`response_format\` json_schema / json_object) is never silently dropped: Anthropic gets a
  forced tool whose input is the answer, Gemini \`responseMimeType\` + \`responseSchema\`, DashScope native
  \`parameters.response_format\`.

${renderParameterTables(parameterTables())}
`;
}
