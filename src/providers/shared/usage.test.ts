import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anthropicUsageSchema } from '../anthropic/anthropic-api.ts';
import { convertAnthropicUsage, mergeAnthropicUsage } from '../anthropic/convert-anthropic-usage.ts';
import { convertDashScopeNativeUsage } from '../dashscope/convert-dashscope-native-usage.ts';
import { dashscopeNativeUsageSchema } from '../dashscope/dashscope-native-api.ts';
import { convertGeminiUsage } from '../gemini/convert-gemini-usage.ts';
import { convertOpenAIUsage, decorateOpenAIUsage } from '../openai-compatible/convert-openai-usage.ts';
import { openaiUsageSchema } from '../openai-compatible/openai-chat-api.ts';
import type { Usage } from '../types.ts';
import { count, toOpenAIUsage } from './usage.ts';

const usage = (
  inputTokens: number,
  cachedInputTokens: number,
  cacheWriteTokens: number,
  outputTokens: number,
  reasoningTokens: number,
): Usage => ({
  inputTokens,
  cachedInputTokens,
  cacheWriteTokens,
  outputTokens,
  reasoningTokens,
});

test('count: a whole number ≥ 0 from a lenient field, anything else 0', () => {
  assert.equal(count(12), 12);
  assert.equal(count(12.9), 12);
  assert.equal(count(0.5), 0);
  assert.equal(count(0), 0);
  assert.equal(count(-0), 0); // JSON.parse('-0'): not a negative zero count (strict equal is Object.is)
  assert.equal(count(-3), 0);
  assert.equal(count('12'), 0);
  assert.equal(count(null), 0);
  assert.equal(count(Number.POSITIVE_INFINITY), 0);
  assert.equal(count(Number.NaN), 0);
});

test('toOpenAIUsage: prompt/completion/total with details; cache writes only when there are some; decoration', () => {
  assert.deepEqual(toOpenAIUsage(usage(120, 20, 0, 30, 4)), {
    prompt_tokens: 120,
    completion_tokens: 30,
    total_tokens: 150,
    prompt_tokens_details: { cached_tokens: 20 },
    completion_tokens_details: { reasoning_tokens: 4 },
  });
  assert.deepEqual(
    toOpenAIUsage(usage(120, 20, 1, 30, 4), (u) => ({ cost: `${u.inputTokens}` })),
    {
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 20, cache_write_tokens: 1 },
      completion_tokens_details: { reasoning_tokens: 4 },
      cost: '120',
    },
  );
});

test('Anthropic: input = input + cache reads + cache writes; thinking tokens; cumulative stream usage', () => {
  assert.deepEqual(
    convertAnthropicUsage({
      input_tokens: 16,
      cache_read_input_tokens: 2000,
      cache_creation_input_tokens: 100,
      output_tokens: 38,
      output_tokens_details: { thinking_tokens: 7 },
    }),
    usage(2116, 2000, 100, 38, 7),
  );
  assert.deepEqual(
    // a malformed detail reads as absent at the wire schema
    convertAnthropicUsage(anthropicUsageSchema.parse({ input_tokens: 5, output_tokens_details: 'x' })),
    usage(5, 0, 0, 0, 0),
  );
  const start = { input_tokens: 16, cache_read_input_tokens: 2000, output_tokens: 1 };
  assert.deepEqual(
    mergeAnthropicUsage(start, {
      output_tokens: 38,
      input_tokens: null,
      cache_creation_input_tokens: undefined,
    }),
    {
      input_tokens: 16,
      cache_read_input_tokens: 2000,
      output_tokens: 38,
    },
  );
  assert.deepEqual(start, { input_tokens: 16, cache_read_input_tokens: 2000, output_tokens: 1 }); // not modified
  assert.deepEqual(mergeAnthropicUsage(undefined, { output_tokens: 3 }), { output_tokens: 3 });
});

test('DashScope native: input, cached, output and reasoning from their own fields', () => {
  assert.deepEqual(
    convertDashScopeNativeUsage({
      input_tokens: 300,
      output_tokens: 40,
      prompt_tokens_details: { cached_tokens: 256 },
      output_tokens_details: { reasoning_tokens: 12 },
    }),
    usage(300, 256, 0, 40, 12),
  );
  assert.deepEqual(
    convertDashScopeNativeUsage(
      dashscopeNativeUsageSchema.parse({
        input_tokens: 3,
        prompt_tokens_details: 1,
        output_tokens_details: null,
      }),
    ),
    usage(3, 0, 0, 0, 0),
  );
});

test('Gemini: input includes tool-use prompt tokens; output = candidates + thoughts', () => {
  assert.deepEqual(
    convertGeminiUsage({
      promptTokenCount: 100,
      toolUsePromptTokenCount: 20,
      cachedContentTokenCount: 64,
      candidatesTokenCount: 30,
      thoughtsTokenCount: 9,
    }),
    usage(120, 64, 0, 39, 9),
  );
  assert.deepEqual(convertGeminiUsage({ promptTokenCount: 7 }), usage(7, 0, 0, 0, 0));
});

test('OpenAI-style: cached from prompt_tokens_details, else DeepSeek prompt_cache_hit_tokens; cache writes; reasoning', () => {
  assert.deepEqual(
    convertOpenAIUsage({
      prompt_tokens: 500,
      completion_tokens: 60,
      prompt_tokens_details: { cached_tokens: 128, cache_write_tokens: 32 },
      completion_tokens_details: { reasoning_tokens: 20 },
      prompt_cache_hit_tokens: 999,
    }),
    usage(500, 128, 32, 60, 20),
  );
  assert.deepEqual(
    convertOpenAIUsage({ prompt_tokens: 500, completion_tokens: 60, prompt_cache_hit_tokens: 448 }),
    usage(500, 448, 0, 60, 0),
  );
  assert.deepEqual(
    convertOpenAIUsage({
      prompt_tokens: 500,
      prompt_tokens_details: { cached_tokens: null },
      prompt_cache_hit_tokens: 448,
    }),
    usage(500, 448, 0, 0, 0),
  );
  assert.deepEqual(
    convertOpenAIUsage({
      prompt_tokens: 500,
      prompt_tokens_details: { cached_tokens: 0 },
      prompt_cache_hit_tokens: 448,
    }),
    usage(500, 0, 0, 0, 0),
  );
  assert.deepEqual(
    convertOpenAIUsage(openaiUsageSchema.parse({ prompt_tokens_details: 3, completion_tokens_details: [] })),
    usage(0, 0, 0, 0, 0),
  );
});

test("decorateOpenAIUsage: the provider's own fields kept, the normalised ones guaranteed, then the decoration", () => {
  const raw = {
    prompt_tokens: 500,
    completion_tokens: 60,
    total_tokens: 561,
    prompt_cache_hit_tokens: 448,
    prompt_tokens_details: { audio_tokens: 2 },
    completion_tokens_details: { accepted_prediction_tokens: 1 },
  };
  assert.deepEqual(decorateOpenAIUsage(raw, usage(500, 448, 0, 60, 5)), {
    prompt_tokens: 500,
    completion_tokens: 60,
    total_tokens: 561,
    prompt_cache_hit_tokens: 448,
    prompt_tokens_details: { audio_tokens: 2, cached_tokens: 448 },
    completion_tokens_details: { accepted_prediction_tokens: 1, reasoning_tokens: 5 },
  });
  assert.deepEqual(
    decorateOpenAIUsage(
      openaiUsageSchema.parse({ prompt_tokens_details: 'x', completion_tokens_details: null }),
      usage(10, 0, 0, 2, 0),
      () => ({
        cost: '1',
      }),
    ),
    {
      prompt_tokens: 10,
      completion_tokens: 2,
      total_tokens: 12,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
      cost: '1',
    },
  );
});
