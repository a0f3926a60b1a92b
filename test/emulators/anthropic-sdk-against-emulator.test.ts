/**
 * The Anthropic emulator must speak the Messages API exactly as the official @anthropic-ai/sdk expects it:
 * JSON responses, event-named SSE frames (message_start … message_stop, ping), usage incl. cache tokens,
 * the error body shape and the 529 overloaded error — checked with the SDK itself as the client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { type EmulatorHandle, startEmulator } from './index.ts';

describe('@anthropic-ai/sdk against the Anthropic emulator', () => {
  let emu: EmulatorHandle;
  let client: Anthropic;
  before(async () => {
    emu = await startEmulator('anthropic');
    client = new Anthropic({ baseURL: emu.url, apiKey: 'sk-ant-test', maxRetries: 0 });
  });
  after(() => emu.close());

  test('messages.create: text and usage with cache reads and writes, as Anthropic reports them', async () => {
    emu.setUsage({ inputTokens: 1200, cachedInputTokens: 1000, cacheWriteTokens: 100, outputTokens: 7 });
    const msg = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'ping' }],
    });
    assert.equal(msg.type, 'message');
    assert.equal(msg.role, 'assistant');
    assert.equal(msg.content[0].type, 'text');
    // Anthropic's input_tokens exclude cache reads and writes
    assert.equal(msg.usage.input_tokens, 100);
    assert.equal(msg.usage.cache_read_input_tokens, 1000);
    assert.equal(msg.usage.cache_creation_input_tokens, 100);
    assert.equal(msg.usage.output_tokens, 7);
    const sent = emu.requests.at(-1);
    // SDK 0.x sends x-api-key; SDK 1.x sends the key as a bearer token. Both carry anthropic-version.
    const credential =
      sent?.headers['x-api-key'] ?? String(sent?.headers.authorization).replace(/^Bearer /, '');
    assert.equal(credential, 'sk-ant-test');
    assert.match(String(sent?.headers['anthropic-version']), /^\d{4}-\d{2}-\d{2}$/);
    emu.setUsage(null);
  });

  test('messages.stream: the SDK assembles the final message from the event stream', async () => {
    emu.setReply({ text: 'Quadrant streams.' });
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'stream please' }],
    });
    const deltas: string[] = [];
    stream.on('text', (t) => deltas.push(t));
    const final = await stream.finalMessage();
    assert.equal(deltas.join(''), 'Quadrant streams.');
    assert.equal(final.stop_reason, 'end_turn');
    assert.ok(final.usage.output_tokens > 0);
    emu.setReply(null);
  });

  test('tool use round-trips through the SDK types', async () => {
    const msg = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      tools: [{ name: 'get_price', description: 'price', input_schema: { type: 'object', properties: {} } }],
      messages: [{ role: 'user', content: 'price of qwen-long?' }],
    });
    assert.equal(msg.stop_reason, 'tool_use');
    const block = msg.content.find((b) => b.type === 'tool_use');
    assert.equal(block?.type === 'tool_use' ? block.name : undefined, 'get_price');
  });

  test('529 overloaded is an APIError with the provider error type and request id', async () => {
    emu.setFault({ type: 'status', status: 529, times: 1 });
    await assert.rejects(
      client.messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'x' }],
      }),
      (err: unknown) => {
        assert.ok(err instanceof Anthropic.APIError);
        assert.equal(err.status, 529);
        assert.equal((err.error as { error?: { type?: string } }).error?.type, 'overloaded_error');
        assert.ok(err.requestID, 'request-id header');
        return true;
      },
    );
  });
});
