/**
 * Matrix cells for `@anthropic-ai/sdk` against the gateway's `/v1/messages`, routed to an OpenAI-kind and a
 * Gemini-kind provider (and Anthropic itself), authenticated with a Quadrant key as x-api-key.
 */
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { type ClientMatrix, type ClientSetting, GATEWAY_KEY, MODELS } from './client-harness.ts';

const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  description: 'weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

function client(s: ClientSetting, key = GATEWAY_KEY): Anthropic {
  return new Anthropic({ baseURL: s.origin, apiKey: key, maxRetries: 0, timeout: 20_000 });
}

function cells(m: ClientMatrix, setting: () => ClientSetting, row: string, model: string): void {
  m.cell(row, 'chat', async () => {
    const r = await client(setting()).messages.create({
      model,
      max_tokens: 256,
      system: 'be brief',
      messages: [{ role: 'user', content: 'hello anthropic sdk' }],
    });
    assert.equal(r.type, 'message');
    const text = r.content.find((b) => b.type === 'text');
    assert.match(text?.type === 'text' ? text.text : '', /hello anthropic sdk/);
    assert.ok(r.usage.input_tokens > 0 && r.usage.output_tokens > 0);
  });
  m.cell(row, 'stream', async () => {
    const stream = client(setting()).messages.stream({
      model,
      max_tokens: 256,
      messages: [{ role: 'user', content: 'stream anthropic' }],
    });
    let text = '';
    stream.on('text', (t) => {
      text += t;
    });
    const final = await stream.finalMessage();
    assert.match(text, /stream anthropic/);
    assert.equal(final.stop_reason, 'end_turn');
    assert.ok(final.usage.output_tokens > 0 && final.usage.input_tokens > 0);
  });
  m.cell(row, 'tools', async () => {
    const stream = client(setting()).messages.stream({
      model,
      max_tokens: 256,
      tools: [WEATHER],
      messages: [{ role: 'user', content: 'weather in Paris' }],
    });
    let deltas = 0;
    stream.on('inputJson', () => {
      deltas++;
    });
    const final = await stream.finalMessage();
    const call = final.content.find((b) => b.type === 'tool_use');
    assert.ok(call && call.type === 'tool_use' && call.name === 'get_weather');
    assert.equal(final.stop_reason, 'tool_use');
    assert.ok(deltas >= 1);
  });
  m.cell(row, 'tool round trip', async () => {
    const c = client(setting());
    const first = await c.messages.create({
      model,
      max_tokens: 256,
      tools: [WEATHER],
      messages: [{ role: 'user', content: 'weather in Paris' }],
    });
    const call = first.content.find((b) => b.type === 'tool_use');
    assert.ok(call && call.type === 'tool_use');
    const second = await c.messages.create({
      model,
      max_tokens: 256,
      tools: [WEATHER],
      messages: [
        { role: 'user', content: 'weather in Paris' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '21C' }] },
      ],
    });
    assert.equal(second.stop_reason, 'end_turn');
  });
  m.notApplicable(row, 'structured');
  m.notApplicable(row, 'n');
  m.notApplicable(row, 'embeddings');
  m.cell(row, 'errors', async () => {
    await assert.rejects(
      client(setting(), 'sk-wrong-key-1').messages.create({
        model,
        max_tokens: 16,
        messages: [{ role: 'user', content: 'x' }],
      }),
      (e: unknown) =>
        e instanceof Anthropic.AuthenticationError &&
        (e.error as { type?: string; error?: { type?: string } }).error?.type === 'authentication_error',
    );
    await assert.rejects(
      client(setting()).messages.create({ model, max_tokens: 16, messages: [] }),
      (e: unknown) => e instanceof Anthropic.BadRequestError,
    );
  });
  m.cell(row, 'abort', async () => {
    const s = setting();
    const emu = model === MODELS.gemini ? s.emus.gemini : s.emus.openai;
    emu.setFault({ type: 'stall', afterChunks: 2, times: 1 });
    const stream = client(s).messages.stream({
      model,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'stall please' }],
    });
    stream.on('text', () => stream.abort());
    await assert.rejects(stream.finalMessage(), (e: unknown) => e instanceof Anthropic.APIUserAbortError);
    await emu.waitForDisconnect(5000);
  });
}

export function anthropicSdkCells(m: ClientMatrix, setting: () => ClientSetting): void {
  cells(m, setting, 'anthropic-sdk → openai kind', MODELS.openai);
  cells(m, setting, 'anthropic-sdk → gemini kind', MODELS.gemini);
  m.cell('anthropic-sdk → openai kind', 'count_tokens', async () => {
    const r = await client(setting()).messages.countTokens({
      model: MODELS.openai,
      system: 'be brief',
      messages: [{ role: 'user', content: 'how many tokens is this' }],
    });
    assert.ok(r.input_tokens > 5);
  });
}
