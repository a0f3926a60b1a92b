import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHUNKED_BODY_MIN_CHARS, sendableBody, utf8Slices } from './chunked-body.ts';

test('slices re-assemble to the UTF-8 of the text, surrogate pairs never split', async () => {
  const text = `a😀b价${'😀'.repeat(10)}格`;
  for (const size of [1, 2, 3, 5, 7]) {
    const parts: Buffer[] = [];
    for await (const part of utf8Slices(text, size)) parts.push(part);
    assert.equal(Buffer.concat(parts).toString('utf8'), text, `slices of ${size}`);
  }
});

test('small bodies go as they are; big ones in slices with their byte length', async () => {
  assert.deepEqual(sendableBody('{}', { a: 'b' }), { body: '{}', headers: { a: 'b' } });
  const big = '价'.repeat(CHUNKED_BODY_MIN_CHARS + 1);
  const sent = sendableBody(big, { a: 'b' });
  assert.equal(sent.headers['content-length'], String(big.length * 3));
  assert.equal(sent.headers.a, 'b');
  assert.notEqual(typeof sent.body, 'string');
});
