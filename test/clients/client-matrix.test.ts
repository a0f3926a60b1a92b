/**
 * The client test matrix (issue 11): real, unmodified clients against the gateway over the provider emulators —
 * chat, stream, tools (streamed deltas, round trip), structured output, n, embeddings, errors, abort — printed
 * as a matrix at the end. A second matrix checks json_schema structured output through every provider kind.
 */
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { aiSdkCells } from './ai-sdk-cells.ts';
import { anthropicSdkCells } from './anthropic-sdk-cells.ts';
import { ClientMatrix, GATEWAY_KEY, MODELS, useClientSetting } from './client-harness.ts';
import { langChainCells } from './langchain-cells.ts';
import { CITY_SCHEMA, openAIChatCells, openAIResponsesCells } from './openai-sdk-cells.ts';

const setting = useClientSetting();

const matrix = new ClientMatrix('Client matrix (gateway over provider emulators)');
openAIChatCells(matrix, setting);
openAIResponsesCells(matrix, setting);
aiSdkCells(matrix, setting);
langChainCells(matrix, setting);
anthropicSdkCells(matrix, setting);

const structured = new ClientMatrix('json_schema structured output by provider kind (openai SDK .parse())');
for (const [kind, model] of Object.entries({
  openai: MODELS.openai,
  anthropic: MODELS.anthropic,
  gemini: MODELS.gemini,
  'dashscope (native)': MODELS.dashscope,
})) {
  for (const stream of [false, true]) {
    structured.cell(kind, stream ? 'stream' : 'json', async () => {
      const s = setting();
      const client = new OpenAI({ baseURL: s.baseURL, apiKey: GATEWAY_KEY, maxRetries: 0 });
      const request = {
        model,
        messages: [{ role: 'user' as const, content: 'Paris' }],
        response_format: {
          type: 'json_schema' as const,
          json_schema: { name: 'trip', schema: CITY_SCHEMA, strict: true },
        },
      };
      let content = '';
      if (stream) {
        for await (const chunk of await client.chat.completions.create({ ...request, stream: true }))
          content += chunk.choices[0]?.delta.content ?? '';
      } else {
        const r = await client.chat.completions.parse(request);
        assert.deepEqual(r.choices[0].message.parsed, JSON.parse(r.choices[0].message.content ?? ''));
        content = r.choices[0].message.content ?? '';
      }
      const parsed = JSON.parse(content) as { city: string; days: number };
      assert.equal(typeof parsed.city, 'string');
      assert.equal(typeof parsed.days, 'number');
    });
  }
}
