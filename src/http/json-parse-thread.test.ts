import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonParseThread } from './json-parse-thread.ts';

test('big bodies parse in the worker with the same results and errors as on the event loop', async () => {
  const parser = new JsonParseThread({ syncMaxBytes: 16, maxDepth: 8 });
  try {
    const text = '价格战'.repeat(1000);
    assert.deepEqual(await parser.parse(Buffer.from(JSON.stringify({ a: [1, { b: text }] }))), {
      a: [1, { b: text }],
    });
    assert.deepEqual(await parser.parse(Buffer.from('{"s":1}')), { s: 1 }, 'small: parsed here');
    await assert.rejects(parser.parse(Buffer.from('{"a": nope, "padding": 1}')), {
      code: 'invalid_json',
      message: /not valid JSON/,
    });
    await assert.rejects(parser.parse(Buffer.from(`{"a":${'['.repeat(20)}${']'.repeat(20)}}`)), {
      code: 'invalid_json',
      message: /deeper than 8 levels/,
    });
    await assert.rejects(parser.parse(Buffer.from('[1, 2, 3, 4, 5, 6, 7, 8, 9]')), {
      code: 'invalid_request',
    });
  } finally {
    await parser.close();
  }
  assert.deepEqual(await parser.parse(Buffer.from('{"after":"close", "x": 1}')), { after: 'close', x: 1 });
});
