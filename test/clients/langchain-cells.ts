/** Matrix cells for LangChain's `@langchain/openai` (ChatOpenAI, Chat Completions and Responses, embeddings). */
import assert from 'node:assert/strict';
import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { type ClientMatrix, type ClientSetting, GATEWAY_KEY, MODELS } from './client-harness.ts';
import { CITY_SCHEMA, WEATHER_TOOL } from './openai-sdk-cells.ts';

function llm(
  s: ClientSetting,
  model: string,
  options: { key?: string; responses?: boolean; n?: number } = {},
): ChatOpenAI {
  return new ChatOpenAI({
    model,
    apiKey: options.key ?? GATEWAY_KEY,
    configuration: { baseURL: s.baseURL },
    maxRetries: 0,
    useResponsesApi: options.responses ?? false,
    ...(options.n ? { n: options.n } : {}),
  });
}

function cells(m: ClientMatrix, setting: () => ClientSetting, row: string, responses: boolean): void {
  m.cell(row, 'chat', async () => {
    const r = await llm(setting(), MODELS.openai, { responses }).invoke('hello langchain');
    assert.match(r.text, /hello langchain/);
    assert.ok((r.usage_metadata?.input_tokens ?? 0) > 0);
  });
  m.cell(row, 'stream', async () => {
    let text = '';
    for await (const chunk of await llm(setting(), MODELS.gemini, { responses }).stream('stream langchain')) {
      text += chunk.text;
    }
    assert.match(text, /stream langchain/);
  });
  m.cell(row, 'tools', async () => {
    const model = llm(setting(), MODELS.openai, { responses }).bindTools([WEATHER_TOOL]);
    let chunks = 0;
    let merged: Awaited<ReturnType<typeof model.invoke>> | undefined;
    for await (const chunk of await model.stream('weather in Paris')) {
      if ((chunk.tool_call_chunks?.length ?? 0) > 0) chunks++;
      merged = merged ? (merged.concat(chunk) as typeof merged) : chunk;
    }
    assert.ok(chunks > 1, 'tool call arrives in chunks');
    assert.equal(merged?.tool_calls?.[0]?.name, 'get_weather');
  });
  m.cell(row, 'tool round trip', async () => {
    const model = llm(setting(), MODELS.anthropic, { responses }).bindTools([WEATHER_TOOL]);
    const first = (await model.invoke([new HumanMessage('weather in Paris')])) as AIMessage;
    const call = first.tool_calls?.[0];
    assert.ok(call?.id);
    const second = await model.invoke([
      new HumanMessage('weather in Paris'),
      first,
      new ToolMessage({ tool_call_id: call.id, content: '21C' }),
    ]);
    assert.ok(second.text.length > 0);
  });
  m.cell(row, 'structured', async () => {
    const structured = llm(setting(), MODELS.gemini, { responses }).withStructuredOutput(
      { ...CITY_SCHEMA, title: 'trip' },
      { method: 'jsonSchema', strict: true },
    );
    const r = (await structured.invoke('Paris')) as { city: string; days: number };
    assert.equal(typeof r.days, 'number');
  });
  if (responses) m.notApplicable(row, 'n');
  else
    m.cell(row, 'n', async () => {
      const r = await llm(setting(), MODELS.gemini, { n: 2 }).generate([[new HumanMessage('two answers')]]);
      assert.equal(r.generations[0].length, 2);
    });
  m.cell(row, 'errors', async () => {
    await assert.rejects(
      llm(setting(), MODELS.openai, { key: 'sk-wrong-key-1', responses }).invoke('x'),
      (e: unknown) => (e as { status?: number }).status === 401,
    );
  });
  m.cell(row, 'abort', async () => {
    const s = setting();
    s.emus.openai.setFault({ type: 'stall', afterChunks: 2, times: 1 });
    const controller = new AbortController();
    const read = (async () => {
      for await (const _ of await llm(s, MODELS.openai, { responses }).stream('stall please', {
        signal: controller.signal,
      }))
        controller.abort();
    })();
    await assert.rejects(read);
    await s.emus.openai.waitForDisconnect(5000);
  });
}

export function langChainCells(m: ClientMatrix, setting: () => ClientSetting): void {
  cells(m, setting, 'langchain · ChatOpenAI', false);
  m.cell('langchain · ChatOpenAI', 'embeddings', async () => {
    const s = setting();
    const embeddings = new OpenAIEmbeddings({
      model: MODELS.embeddings,
      apiKey: GATEWAY_KEY,
      configuration: { baseURL: s.baseURL },
      maxRetries: 0,
    });
    const vectors = await embeddings.embedDocuments(['a', 'b']);
    assert.equal(vectors.length, 2);
  });
  cells(m, setting, 'langchain · ChatOpenAI (responses)', true);
  m.notApplicable('langchain · ChatOpenAI (responses)', 'embeddings');
}

export { AIMessage };
