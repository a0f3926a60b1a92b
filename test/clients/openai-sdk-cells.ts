/** Matrix cells for the official `openai` SDK: Chat Completions and the Responses API. */
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { type ClientMatrix, type ClientSetting, GATEWAY_KEY, MODELS } from './client-harness.ts';

const WEATHER_PARAMETERS = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
};

export const WEATHER_TOOL: OpenAI.Chat.Completions.ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'weather in a city',
    parameters: WEATHER_PARAMETERS,
  },
};

export const CITY_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' }, days: { type: 'integer' } },
  required: ['city', 'days'],
  additionalProperties: false,
};

function client(s: ClientSetting, key = GATEWAY_KEY): OpenAI {
  return new OpenAI({ baseURL: s.baseURL, apiKey: key, maxRetries: 0, timeout: 20_000 });
}

export function openAIChatCells(m: ClientMatrix, setting: () => ClientSetting): void {
  const row = 'openai · chat.completions';
  m.cell(row, 'chat', async () => {
    const r = await client(setting()).chat.completions.create({
      model: MODELS.openai,
      messages: [{ role: 'user', content: 'hello matrix' }],
    });
    assert.match(r.choices[0].message.content ?? '', /hello matrix/);
    assert.ok(r.usage && r.usage.prompt_tokens > 0);
  });
  m.cell(row, 'stream', async () => {
    const stream = await client(setting()).chat.completions.create({
      model: MODELS.openai,
      messages: [{ role: 'user', content: 'stream me' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.match(text, /stream me/);
    assert.ok(usage && usage.completion_tokens > 0);
  });
  m.cell(row, 'tools', async () => {
    const stream = await client(setting()).chat.completions.create({
      model: MODELS.openai,
      messages: [{ role: 'user', content: 'weather in Paris' }],
      tools: [WEATHER_TOOL],
      stream: true,
    });
    let args = '';
    let deltas = 0;
    let name = '';
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        if (call.function?.name) name = call.function.name;
        if (call.function?.arguments) {
          args += call.function.arguments;
          deltas++;
        }
      }
    }
    assert.equal(name, 'get_weather');
    assert.ok(deltas > 1, 'arguments arrive as several deltas');
    assert.ok(JSON.parse(args));
  });
  m.cell(row, 'tool round trip', async () => {
    const c = client(setting());
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'weather in Paris' },
    ];
    const first = await c.chat.completions.create({ model: MODELS.openai, messages, tools: [WEATHER_TOOL] });
    const call = first.choices[0].message.tool_calls?.[0];
    assert.ok(call && call.type === 'function');
    messages.push(first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '21C' });
    const second = await c.chat.completions.create({ model: MODELS.openai, messages, tools: [WEATHER_TOOL] });
    assert.equal(second.choices[0].finish_reason, 'stop');
    assert.ok(second.choices[0].message.content);
  });
  m.cell(row, 'structured', async () => {
    const r = await client(setting()).chat.completions.parse({
      model: MODELS.openai,
      messages: [{ role: 'user', content: 'Paris' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'trip', schema: CITY_SCHEMA, strict: true },
      },
    });
    const parsed = r.choices[0].message.parsed as unknown as { city: string; days: number };
    assert.equal(typeof parsed.city, 'string');
    assert.equal(typeof parsed.days, 'number');
  });
  m.cell(row, 'n', async () => {
    const r = await client(setting()).chat.completions.create({
      model: MODELS.gemini,
      messages: [{ role: 'user', content: 'two answers' }],
      n: 2,
    });
    assert.deepEqual(
      r.choices.map((c) => c.index),
      [0, 1],
    );
  });
  m.cell(row, 'embeddings', async () => {
    const r = await client(setting()).embeddings.create({ model: MODELS.embeddings, input: ['a', 'b'] });
    assert.equal(r.data.length, 2);
    assert.ok(r.data[0].embedding.length > 0);
  });
  m.cell(row, 'errors', async () => {
    await assert.rejects(
      client(setting(), 'sk-wrong-key-1').chat.completions.create({
        model: MODELS.openai,
        messages: [{ role: 'user', content: 'x' }],
      }),
      (e: unknown) => e instanceof OpenAI.AuthenticationError && e.status === 401,
    );
    await assert.rejects(
      client(setting()).chat.completions.create({
        model: MODELS.anthropic,
        messages: [{ role: 'user', content: 'x' }],
        seed: 1,
      }),
      (e: unknown) =>
        e instanceof OpenAI.BadRequestError && e.code === 'unsupported_parameter' && e.param === 'seed',
    );
  });
  m.cell(row, 'abort', async () => {
    const s = setting();
    s.emus.openai.setFault({ type: 'stall', afterChunks: 2, times: 1 });
    const controller = new AbortController();
    const stream = await client(s).chat.completions.create(
      { model: MODELS.openai, messages: [{ role: 'user', content: 'stall please' }], stream: true },
      { signal: controller.signal },
    );
    let finished = false;
    for await (const chunk of stream) {
      controller.abort(); // the SDK ends the iteration quietly once aborted
      if (chunk.choices[0]?.finish_reason) finished = true;
    }
    assert.equal(finished, false);
    const gone = await s.emus.openai.waitForDisconnect(5000);
    assert.ok(gone.framesSent >= 1, 'the upstream saw the abort');
  });
}

export function openAIResponsesCells(m: ClientMatrix, setting: () => ClientSetting): void {
  const row = 'openai · responses';
  m.cell(row, 'chat', async () => {
    const r = await client(setting()).responses.create({ model: MODELS.openai, input: 'hello responses' });
    assert.match(r.output_text, /hello responses/);
    assert.ok(r.usage && r.usage.input_tokens > 0);
  });
  m.cell(row, 'stream', async () => {
    const stream = await client(setting()).responses.create({
      model: MODELS.anthropic,
      input: 'stream responses',
      stream: true,
    });
    let text = '';
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    assert.match(text, /stream responses/);
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
  });
  m.cell(row, 'tools', async () => {
    const stream = await client(setting()).responses.create({
      model: MODELS.openai,
      input: 'weather in Paris',
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          parameters: WEATHER_PARAMETERS,
          strict: false,
        },
      ],
      stream: true,
    });
    let deltas = 0;
    let done: string | undefined;
    for await (const event of stream) {
      if (event.type === 'response.function_call_arguments.delta') deltas++;
      if (event.type === 'response.function_call_arguments.done') done = event.arguments;
    }
    assert.ok(deltas > 1);
    assert.ok(done && JSON.parse(done));
  });
  m.cell(row, 'tool round trip', async () => {
    const c = client(setting());
    const tools: OpenAI.Responses.Tool[] = [
      {
        type: 'function',
        name: 'get_weather',
        parameters: WEATHER_PARAMETERS,
        strict: false,
      },
    ];
    const first = await c.responses.create({ model: MODELS.gemini, input: 'weather in Paris', tools });
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    const second = await c.responses.create({
      model: MODELS.gemini,
      tools,
      input: [
        { role: 'user', content: 'weather in Paris' },
        call,
        { type: 'function_call_output', call_id: call.call_id, output: '21C' },
      ],
    });
    assert.equal(second.status, 'completed');
    assert.ok(second.output_text);
  });
  m.cell(row, 'structured', async () => {
    const r = await client(setting()).responses.create({
      model: MODELS.dashscope,
      input: 'Paris',
      text: { format: { type: 'json_schema', name: 'trip', schema: CITY_SCHEMA, strict: true } },
    });
    const parsed = JSON.parse(r.output_text) as { city: string; days: number };
    assert.equal(typeof parsed.days, 'number');
  });
  m.notApplicable(row, 'n');
  m.notApplicable(row, 'embeddings');
  m.cell(row, 'errors', async () => {
    await assert.rejects(
      client(setting()).responses.create({
        model: MODELS.openai,
        input: 'x',
        previous_response_id: 'resp_1',
      }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'previous_response_id',
    );
    await assert.rejects(
      client(setting()).responses.create({ model: 'no-such-model', input: 'x' }),
      (e: unknown) => e instanceof OpenAI.NotFoundError,
    );
  });
  m.cell(row, 'abort', async () => {
    const s = setting();
    s.emus.openai.setFault({ type: 'stall', afterChunks: 2, times: 1 });
    const controller = new AbortController();
    const stream = await client(s).responses.create(
      { model: MODELS.openai, input: 'stall please', stream: true },
      { signal: controller.signal },
    );
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      controller.abort();
    }
    assert.ok(!types.includes('response.completed'));
    await s.emus.openai.waitForDisconnect(5000);
  });
}
