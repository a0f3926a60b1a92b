import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isQuadrantError } from '../../errors.ts';
import { chatRequestSchema, embeddingsRequestSchema, parseWire } from './request-schemas.ts';

const paramOf = (schema: typeof chatRequestSchema | typeof embeddingsRequestSchema, body: unknown) => {
  try {
    parseWire(schema, body);
    return 'valid';
  } catch (err) {
    assert.ok(isQuadrantError(err) && err.code === 'invalid_request' && err.status === 400);
    return err.param;
  }
};

test('a chat request that is wrong names the field in param', () => {
  const messages = [{ role: 'user', content: 'hi' }];
  for (const [body, param] of [
    [{ messages }, 'model'],
    [{ model: 'm' }, 'messages'],
    [{ model: 'm', messages: [] }, 'messages'],
    [{ model: 'm', messages: [{ content: 'x' }] }, 'messages[0].role'],
    [{ model: 'm', messages: ['x'] }, 'messages[0]'],
    [{ model: 'm', messages: [{ role: 'user', content: 3 }] }, 'messages[0].content'],
    [{ model: 'm', messages, stream: 'yes' }, 'stream'],
    [{ model: 'm', messages, max_tokens: 0 }, 'max_tokens'],
    [{ model: 'm', messages, max_completion_tokens: 1.5 }, 'max_completion_tokens'],
    [{ model: 'm', messages, tools: {} }, 'tools'],
    [{ model: 'm', messages, stream: null, max_tokens: null, tools: null }, 'valid'],
  ] as const) {
    assert.equal(paramOf(chatRequestSchema, body), param, JSON.stringify(body));
  }
});

test('fields the gateway does not read pass through unchanged', () => {
  const body = {
    model: 'm',
    messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:' } }], cache: 1 }],
    temperature: 0.2,
    response_format: { type: 'json_object' },
  };
  assert.deepEqual(parseWire(chatRequestSchema, body), body);
});

test('embeddings input: a string, strings, tokens or token arrays', () => {
  for (const input of ['a', ['a', 'b'], [1, 2], [[1], [2, 3]]]) {
    assert.equal(paramOf(embeddingsRequestSchema, { model: 'e', input }), 'valid');
  }
  for (const input of [undefined, [], 3, [{}], ['a', 1]]) {
    assert.equal(paramOf(embeddingsRequestSchema, { model: 'e', input }), 'input', JSON.stringify(input));
  }
});
