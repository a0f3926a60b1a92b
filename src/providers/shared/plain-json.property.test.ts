/**
 * The hot-path guards (plain-json.ts) may only say yes to what their schema accepts unchanged: for generated
 * values near each schema's shape (right, wrong and missing field types), guard ⇒ schema accepts ∧ output
 * equals the input. And they do say yes to the common forms, or they would save nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  isPlainOpenAIChatChunk,
  isPlainOpenAIChatResponse,
  openaiChatChunkSchema,
  openaiChatResponseSchema,
} from '../openai-compatible/openai-chat-api.ts';
import { chatRequestSchema, isPlainChatRequest } from './request-schemas.ts';

const RUNS = { numRuns: 2000, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true };

/** Any JSON-ish value, biased towards the types the schemas check. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 4 }),
  fc.constant(''),
  fc.integer({ min: -2, max: 3 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(2 ** 53, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY, -0, 1.5),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }),
);
/** Mostly the right type (so that whole valid values are common), sometimes anything. */
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: arb, weight: 12 }, { arbitrary: anyValue, weight: 1 });
/**
 * An object with some of `fields` (each mostly right, sometimes anything — undefined included, i.e. missing)
 * and maybe an extra key; `usual` fields are present unless that anything is undefined.
 */
function near(
  fields: Record<string, fc.Arbitrary<unknown>>,
  usual: string[] = [],
): fc.Arbitrary<Record<string, unknown>> {
  const shape = Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, maybe(a)]));
  return fc
    .tuple(fc.record(shape, { requiredKeys: usual }), fc.option(fc.string({ maxLength: 3 })))
    .map(([o, extra]) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v; // JSON has no undefined
      if (extra !== null) out[`x_${extra}`] = 1;
      return out;
    });
}

const message = near(
  {
    role: fc.constantFrom('user', 'assistant', 'system'),
    content: fc.oneof(fc.string(), fc.constant(null), fc.constant([{ type: 'text', text: 'a' }])),
    name: fc.string(),
    tool_calls: fc.constant([{ function: { name: 'f', arguments: '{}' } }]),
  },
  ['role'],
);
const positive = fc.integer({ min: 1, max: 1e6 });
const chatRequest = near(
  {
    model: fc.string({ minLength: 1 }),
    messages: fc.array(maybe(message), { minLength: 1, maxLength: 3 }),
    stream: fc.boolean(),
    stream_options: near({ include_usage: fc.boolean() }),
    max_tokens: positive,
    max_completion_tokens: positive,
    n: positive,
    tools: fc.array(maybe(fc.constant({ type: 'function' })), { maxLength: 2 }),
  },
  ['model', 'messages'],
);
const usage = near({
  prompt_tokens: fc.nat(),
  completion_tokens: fc.nat(),
  total_tokens: fc.nat(),
  prompt_cache_hit_tokens: fc.nat(),
  prompt_tokens_details: near({ cached_tokens: fc.nat(), cache_write_tokens: fc.nat() }),
  completion_tokens_details: near({ reasoning_tokens: fc.nat() }),
});
const choice = near({ index: fc.nat(), finish_reason: fc.constantFrom('stop', 'length') });
const completion = near({
  id: fc.string(),
  created: fc.nat(),
  model: fc.string(),
  choices: fc.array(maybe(choice), { maxLength: 2 }),
  usage,
});

function guardImpliesSchema(
  guard: (v: unknown) => boolean,
  schema: { safeParse(v: unknown): { success: boolean; data?: unknown } },
  arb: fc.Arbitrary<unknown>,
): number {
  let accepted = 0;
  fc.assert(
    fc.property(arb, (v) => {
      if (!guard(v)) return;
      accepted++;
      const parsed = schema.safeParse(v);
      assert.ok(parsed.success, `guard accepted what the schema rejects: ${JSON.stringify(v)}`);
      assert.deepEqual(parsed.data, v, 'the schema would have changed the value');
    }),
    RUNS,
  );
  return accepted;
}

describe('hot-path guards never accept what their schema would not return unchanged', () => {
  // the guard must also have said yes often enough for the property to mean something
  it('chat requests', (t) => {
    const accepted = guardImpliesSchema(isPlainChatRequest, chatRequestSchema, chatRequest);
    t.diagnostic(`${accepted} of ${RUNS.numRuns} accepted by the guard`);
    assert.ok(accepted >= 10, `only ${accepted} accepted`);
  });
  it('chat completions', (t) => {
    const accepted = guardImpliesSchema(isPlainOpenAIChatResponse, openaiChatResponseSchema, completion);
    t.diagnostic(`${accepted} of ${RUNS.numRuns} accepted by the guard`);
    assert.ok(accepted >= 10, `only ${accepted} accepted`);
  });
  it('stream chunks', (t) => {
    const accepted = guardImpliesSchema(isPlainOpenAIChatChunk, openaiChatChunkSchema, completion);
    t.diagnostic(`${accepted} of ${RUNS.numRuns} accepted by the guard`);
    assert.ok(accepted >= 10, `only ${accepted} accepted`);
  });
  it('the common forms pass the guards', () => {
    const body = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 200,
      stream: true,
      stream_options: { include_usage: true },
    };
    assert.ok(isPlainChatRequest(body));
    const reply = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: 'stop', logprobs: null },
      ],
      usage: {
        prompt_tokens: 1,
        completion_tokens: 2,
        total_tokens: 3,
        prompt_tokens_details: { cached_tokens: 0 },
      },
    };
    assert.ok(isPlainOpenAIChatResponse(reply));
    assert.ok(isPlainOpenAIChatChunk({ ...reply, choices: [], usage: null }));
    // forms left to the schema: content parts, tool calls, a details object of another shape
    assert.equal(
      isPlainChatRequest({ ...body, messages: [{ role: 'user', content: [{ type: 'text' }] }] }),
      false,
    );
    assert.equal(isPlainOpenAIChatResponse({ ...reply, usage: { prompt_tokens_details: 3 } }), false);
  });
});
