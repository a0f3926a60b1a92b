/**
 * Matrix cells for the Vercel AI SDK: `openai(id)` (the Responses API, the SDK's default), `openai.chat(id)`
 * (Chat Completions) and `@ai-sdk/openai-compatible`.
 */
import assert from 'node:assert/strict';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import {
  APICallError,
  embedMany,
  generateObject,
  generateText,
  jsonSchema,
  type LanguageModel,
  stepCountIs,
  streamText,
  tool,
} from 'ai';
import { type ClientMatrix, type ClientSetting, GATEWAY_KEY, MODELS } from './client-harness.ts';
import { CITY_SCHEMA } from './openai-sdk-cells.ts';

type ModelFactory = (s: ClientSetting, model: string, key?: string) => LanguageModel;

const responses: ModelFactory = (s, model, key = GATEWAY_KEY) =>
  createOpenAI({ baseURL: s.baseURL, apiKey: key })(model);
const chat: ModelFactory = (s, model, key = GATEWAY_KEY) =>
  createOpenAI({ baseURL: s.baseURL, apiKey: key }).chat(model);
const compatible: ModelFactory = (s, model, key = GATEWAY_KEY) =>
  createOpenAICompatible({
    name: 'quadrant',
    baseURL: s.baseURL,
    apiKey: key,
    supportsStructuredOutputs: true,
    includeUsage: true,
  })(model);

const weather = tool({
  description: 'weather in a city',
  inputSchema: jsonSchema<{ city?: string; echo?: string }>({
    type: 'object',
    properties: { city: { type: 'string' }, echo: { type: 'string' } },
  }),
  execute: async () => ({ temperature: 21 }),
});

function cells(m: ClientMatrix, setting: () => ClientSetting, row: string, make: ModelFactory): void {
  m.cell(row, 'chat', async () => {
    const r = await generateText({
      model: make(setting(), MODELS.openai),
      prompt: 'hello ai sdk',
      maxRetries: 0,
    });
    assert.match(r.text, /hello ai sdk/);
    assert.ok((r.usage.inputTokens ?? 0) > 0);
  });
  m.cell(row, 'stream', async () => {
    const r = streamText({
      model: make(setting(), MODELS.anthropic),
      prompt: 'stream ai sdk',
      maxRetries: 0,
    });
    let text = '';
    for await (const delta of r.textStream) text += delta;
    assert.match(text, /stream ai sdk/);
    assert.ok(((await r.usage).outputTokens ?? 0) > 0);
  });
  m.cell(row, 'tools', async () => {
    const r = streamText({
      model: make(setting(), MODELS.openai),
      prompt: 'weather in Paris',
      tools: { get_weather: weather },
      maxRetries: 0,
    });
    let deltas = 0;
    for await (const part of r.fullStream) if (part.type === 'tool-input-delta') deltas++;
    const calls = await r.toolCalls;
    assert.equal(calls[0]?.toolName, 'get_weather');
    assert.ok(deltas > 1, 'tool input streamed as deltas');
  });
  m.cell(row, 'tool round trip', async () => {
    const r = await generateText({
      model: make(setting(), MODELS.gemini),
      prompt: 'weather in Paris',
      tools: { get_weather: weather },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    assert.equal(r.steps.length, 2);
    assert.equal(r.finishReason, 'stop');
    assert.ok(r.text.length > 0);
  });
  m.cell(row, 'structured', async () => {
    const r = await generateObject({
      model: make(setting(), MODELS.anthropic),
      schema: jsonSchema<{ city: string; days: number }>(CITY_SCHEMA),
      prompt: 'Paris',
      maxRetries: 0,
    });
    assert.equal(typeof r.object.city, 'string');
    assert.equal(typeof r.object.days, 'number');
  });
  m.notApplicable(row, 'n');
  m.cell(row, 'errors', async () => {
    await assert.rejects(
      generateText({ model: make(setting(), MODELS.openai, 'sk-wrong-key-1'), prompt: 'x', maxRetries: 0 }),
      (e: unknown) => APICallError.isInstance(e) && e.statusCode === 401,
    );
  });
  m.cell(row, 'abort', async () => {
    const s = setting();
    s.emus.openai.setFault({ type: 'stall', afterChunks: 2, times: 1 });
    const controller = new AbortController();
    const r = streamText({
      model: make(s, MODELS.openai),
      prompt: 'stall please',
      abortSignal: controller.signal,
      maxRetries: 0,
      onError: () => {},
    });
    let aborted = false;
    try {
      for await (const part of r.fullStream) {
        if (part.type === 'text-delta') controller.abort();
        if (part.type === 'abort') aborted = true;
      }
    } catch {
      aborted = true;
    }
    assert.ok(aborted || controller.signal.aborted);
    await s.emus.openai.waitForDisconnect(5000);
  });
}

export function aiSdkCells(m: ClientMatrix, setting: () => ClientSetting): void {
  cells(m, setting, 'ai-sdk · openai() (responses)', responses);
  m.cell('ai-sdk · openai() (responses)', 'embeddings', async () => {
    const s = setting();
    const r = await embedMany({
      model: createOpenAI({ baseURL: s.baseURL, apiKey: GATEWAY_KEY }).embedding(MODELS.embeddings),
      values: ['a', 'b'],
      maxRetries: 0,
    });
    assert.equal(r.embeddings.length, 2);
  });
  cells(m, setting, 'ai-sdk · openai.chat()', chat);
  m.notApplicable('ai-sdk · openai.chat()', 'embeddings');
  cells(m, setting, 'ai-sdk · openai-compatible', compatible);
  m.cell('ai-sdk · openai-compatible', 'embeddings', async () => {
    const s = setting();
    const provider = createOpenAICompatible({ name: 'quadrant', baseURL: s.baseURL, apiKey: GATEWAY_KEY });
    const r = await embedMany({
      model: provider.embeddingModel(MODELS.embeddings),
      values: ['a'],
      maxRetries: 0,
    });
    assert.equal(r.embeddings.length, 1);
  });
}
