import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { contentOf, streamOptions, translate } from '../../../test/providers/support.ts';
import { QuadrantError } from '../../errors.ts';
import { STRUCTURED_OUTPUT_TOOL } from '../anthropic/anthropic-parameters.ts';
import { AnthropicStreamTranslator, anthropicAdapter } from '../anthropic/index.ts';
import { dashScopeNativeAdapter } from '../dashscope/index.ts';
import { geminiAdapter } from '../gemini/index.ts';
import { providerParametersPage } from '../parameter-docs.ts';
import type { ChatRequest } from '../types.ts';
import { checkParameters } from './parameter-table.ts';

// biome-ignore lint/suspicious/noExplicitAny: test access to nested JSON
type Choice = Record<string, any>;

const target = { baseUrl: 'http://127.0.0.1:1', apiKey: 'k', upstreamModel: 'up' };
const SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
};
const jsonSchema = { type: 'json_schema', json_schema: { name: 'out', schema: SCHEMA, strict: true } };
const base: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

function body(adapter: typeof anthropicAdapter, request: ChatRequest): Record<string, unknown> {
  const checked = checkParameters(adapter.parameters, request, { dropParams: false });
  return JSON.parse(adapter.buildChatRequest(checked.request, target).body);
}

describe('parameter tables: refuse or drop, never ignore silently', () => {
  test('an unsupported parameter is a 400 naming it; defaults are accepted', () => {
    assert.throws(
      () => checkParameters(anthropicAdapter.parameters, { ...base, seed: 7 }, { dropParams: false }),
      (e: unknown) =>
        e instanceof QuadrantError &&
        e.code === 'unsupported_parameter' &&
        e.status === 400 &&
        e.param === 'seed',
    );
    assert.doesNotThrow(() =>
      checkParameters(anthropicAdapter.parameters, { ...base, n: 1, logprobs: false }, { dropParams: false }),
    );
    assert.throws(
      () => checkParameters(geminiAdapter.parameters, { ...base, frobnicate: 1 }, { dropParams: false }),
      (e: unknown) => e instanceof QuadrantError && e.param === 'frobnicate',
    );
  });

  test('drop_params drops and lists parameters and content parts', () => {
    const request: ChatRequest = {
      ...base,
      seed: 7,
      logit_bias: { '1': 2 },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'listen' },
            { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
          ],
        },
      ],
    };
    const checked = checkParameters(anthropicAdapter.parameters, request, { dropParams: true });
    assert.deepEqual(checked.dropped, ['seed', 'logit_bias', 'messages[0].content[1].input_audio']);
    assert.equal(checked.request.seed, undefined);
    assert.deepEqual(checked.request.messages[0].content, [{ type: 'text', text: 'listen' }]);
    assert.equal(request.seed, 7, 'the original request is untouched');
  });

  test('Gemini refuses https images it cannot fetch, accepts data URLs and Files API URIs', () => {
    const image = (url: string): ChatRequest => ({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }],
    });
    assert.throws(
      () =>
        checkParameters(geminiAdapter.parameters, image('https://example.com/cat.png'), {
          dropParams: false,
        }),
      (e: unknown) => e instanceof QuadrantError && e.param === 'messages[0].content[0].image_url.url',
    );
    const sent = body(geminiAdapter, image('data:image/png;base64,QUJD'));
    assert.deepEqual((sent.contents as Array<{ parts: unknown }>)[0].parts, [
      { inlineData: { mimeType: 'image/png', data: 'QUJD' } },
    ]);
    const file = body(geminiAdapter, image('https://generativelanguage.googleapis.com/v1beta/files/abc'));
    assert.deepEqual((file.contents as Array<{ parts: unknown }>)[0].parts, [
      {
        fileData: {
          fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc',
          mimeType: 'image/jpeg',
        },
      },
    ]);
  });

  test('the docs page is generated from the tables and current', () => {
    const onDisk = readFileSync(new URL('../../../docs/provider-parameters.md', import.meta.url), 'utf8');
    assert.equal(onDisk, providerParametersPage(), 'run: node --import tsx scripts/write-parameter-docs.ts');
  });
});

describe('translations', () => {
  test('Anthropic: json_schema → forced tool; reasoning_effort → thinking; top_k passed', () => {
    const sent = body(anthropicAdapter, {
      ...base,
      max_completion_tokens: 8000,
      response_format: jsonSchema,
      reasoning_effort: 'medium',
      top_k: 5,
      temperature: 0.5,
    });
    assert.deepEqual(sent.tools, [
      {
        name: STRUCTURED_OUTPUT_TOOL,
        description: 'Respond with your final answer as the input of this tool.',
        input_schema: SCHEMA,
      },
    ]);
    assert.deepEqual(sent.tool_choice, { type: 'tool', name: STRUCTURED_OUTPUT_TOOL });
    assert.deepEqual(sent.thinking, { type: 'enabled', budget_tokens: 4096 });
    assert.equal(sent.temperature, undefined, 'thinking needs the default temperature');
  });

  test("Anthropic: without a client limit max_tokens is the model's documented maximum (catalog), not 4096", () => {
    const sent = JSON.parse(
      anthropicAdapter.buildChatRequest(base, { ...target, maxOutputTokens: 64000 }).body,
    );
    assert.equal(sent.max_tokens, 64000);
  });

  test('Anthropic: the structured-output tool comes back as text, JSON and streamed', () => {
    const parsed = anthropicAdapter.parseChatResponse(
      JSON.stringify({
        id: 'msg_1',
        type: 'message',
        content: [
          { type: 'tool_use', id: 'toolu_1', name: STRUCTURED_OUTPUT_TOOL, input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 5, output_tokens: 3 },
      }),
      streamOptions(),
    );
    const choice = (parsed.completion.choices as Array<Record<string, unknown>>)[0];
    assert.deepEqual(choice.message, { role: 'assistant', content: '{"city":"Paris"}' });
    assert.equal(choice.finish_reason, 'stop');

    const stream = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_2","usage":{"input_tokens":5,"output_tokens":1}}}\n\n',
      `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"${STRUCTURED_OUTPUT_TOOL}","input":{}}}\n\n`,
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":"}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\\"Paris\\"}"}}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":4}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ].join('');
    const out = translate(new AnthropicStreamTranslator(streamOptions()), stream);
    assert.equal(contentOf(out), '{"city":"Paris"}');
    assert.match(out, /"finish_reason":"stop"/);
    assert.doesNotMatch(out, /tool_calls/);
  });

  test('Gemini: response_format, n, seed, logprobs, reasoning_effort, penalties, audio', () => {
    const sent = body(geminiAdapter, {
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hi' },
            { type: 'input_audio', input_audio: { data: 'UklG', format: 'wav' } },
          ],
        },
      ],
      response_format: jsonSchema,
      n: 2,
      seed: 42,
      logprobs: true,
      top_logprobs: 3,
      reasoning_effort: 'low',
      presence_penalty: 0.5,
      frequency_penalty: 0.25,
      top_k: 10,
    });
    assert.deepEqual(sent.generationConfig, {
      topK: 10,
      seed: 42,
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
      candidateCount: 2,
      responseLogprobs: true,
      logprobs: 3,
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      thinkingConfig: { thinkingBudget: 1024 },
    });
    assert.deepEqual((sent.contents as Array<{ parts: unknown[] }>)[0].parts[1], {
      inlineData: { mimeType: 'audio/wav', data: 'UklG' },
    });
    assert.throws(
      () => body(geminiAdapter, { ...base, n: 2, stream: true }),
      (e: unknown) => e instanceof QuadrantError && e.param === 'n',
    );
  });

  test('Gemini: every candidate becomes a choice, logprobs mapped, tool-call ids unique', () => {
    const call = { functionCall: { name: 'f', args: { a: 1 } } };
    const response = JSON.stringify({
      candidates: [
        {
          index: 0,
          content: { parts: [{ text: 'one' }], role: 'model' },
          finishReason: 'STOP',
          logprobsResult: {
            topCandidates: [
              {
                candidates: [
                  { token: 'one', logProbability: -0.1 },
                  { token: 'two', logProbability: -2 },
                ],
              },
            ],
            chosenCandidates: [{ token: 'one', logProbability: -0.1 }],
          },
        },
        { index: 1, content: { parts: [call, call], role: 'model' }, finishReason: 'STOP' },
      ],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7 },
    });
    const { completion } = geminiAdapter.parseChatResponse(response, streamOptions());
    const choices = completion.choices as Array<Choice>;
    assert.equal(choices.length, 2);
    assert.equal(choices[0].message.content, 'one');
    assert.deepEqual(choices[0].logprobs, {
      content: [
        {
          token: 'one',
          logprob: -0.1,
          bytes: null,
          top_logprobs: [
            { token: 'one', logprob: -0.1, bytes: null },
            { token: 'two', logprob: -2, bytes: null },
          ],
        },
      ],
      refusal: null,
    });
    assert.equal(choices[1].index, 1);
    assert.equal(choices[1].finish_reason, 'tool_calls');
    const ids = choices[1].message.tool_calls.map((c: { id: string }) => c.id);
    const again = (
      geminiAdapter.parseChatResponse(response, streamOptions()).completion.choices as Array<Choice>
    )[1].message.tool_calls.map((c: { id: string }) => c.id);
    for (const id of [...ids, ...again]) assert.match(id, /^call_[0-9A-Za-z]{24}$/);
    assert.equal(new Set([...ids, ...again]).size, 4, 'no id repeats, within or across responses');
  });

  test('DashScope native: response_format, n, seed, logprobs, reasoning_effort into parameters', () => {
    const sent = body(dashScopeNativeAdapter, {
      ...base,
      response_format: jsonSchema,
      n: 2,
      seed: 1,
      logprobs: true,
      top_logprobs: 2,
      reasoning_effort: 'high',
    });
    assert.deepEqual(sent.parameters, {
      result_format: 'message',
      seed: 1,
      n: 2,
      top_logprobs: 2,
      logprobs: true,
      response_format: jsonSchema,
      enable_thinking: true,
      thinking_budget: 32768,
    });
  });
});
