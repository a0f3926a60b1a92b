import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUpstreamText } from './redact.ts';

test('addresses and secrets are redacted from upstream error text', () => {
  const cases: Array<[string, RegExp]> = [
    ['upstream connection failed: ECONNREFUSED connect ECONNREFUSED 10.0.3.7:8443', /10\.0\.3\.7|8443/],
    [
      'fetch failed for https://internal-llm.corp.example:9000/v1/chat?x=1',
      /internal-llm|corp\.example|9000/,
    ],
    ['getaddrinfo ENOTFOUND vllm-7.internal:8000', /vllm-7|8000/],
    ['connect ECONNREFUSED [fd00::12]:443', /fd00/],
    ['Incorrect API key provided: sk-proj-abcdefghijklmnop1234', /abcdefghijklmnop/],
    ['Authorization: Bearer abcdefghijklmnopqrstuvwxyz', /abcdefghijklmnopqrstuvwxyz/],
    ['bad request ?key=AIzaSyD-secret-value-here', /AIzaSyD/],
  ];
  for (const [text, leak] of cases) {
    const out = redactUpstreamText(text);
    assert.doesNotMatch(out, leak, out);
  }
  assert.equal(
    redactUpstreamText('invalid key my-provider-key-1', ['my-provider-key-1']),
    'invalid key [secret]',
  );
  // ordinary messages pass through unchanged
  const plain =
    "This model's maximum context length is 128000 tokens. Please reduce the length of the messages.";
  assert.equal(redactUpstreamText(plain), plain);
  assert.equal(redactUpstreamText('Rate limit reached for requests'), 'Rate limit reached for requests');
});
