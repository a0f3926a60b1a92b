/**
 * The cost of reading provider streams through their wire schemas (issue 8): for each provider kind a
 * 20-chunk stream (content deltas, finish, usage) through its adapter's stream translator, µs per stream
 * (CPU time, median of rounds), and — side by side in one run — the parsing alone: JSON.parse of the 20 frames versus
 * JSON.parse + the zod chunk schema. Run: node --import tsx bench/wire-parse.bench.ts [iterations]
 * (run it on a commit before the schemas for the "before" figure: the schema part then prints n/a).
 */
import { getAdapter } from '../src/providers/index.ts';
import type { ProviderKind } from '../src/providers/types.ts';

const ITERATIONS = Number(process.argv[2] ?? 4000);
const ROUNDS = 7;
const words = Array.from({ length: 20 }, (_, i) => `word${i} `);

/** The 20 `data:` payloads of each kind (event name first for Anthropic). */
const frames: Record<string, Array<[string | undefined, string]>> = {
  openai: [
    ...words.slice(0, 18).map((w, i): [undefined, string] => [
      undefined,
      JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [
          {
            index: 0,
            delta: i === 0 ? { role: 'assistant', content: w } : { content: w },
            finish_reason: null,
          },
        ],
      }),
    ]),
    [
      undefined,
      JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
      }),
    ],
    [
      undefined,
      JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [],
        usage: {
          prompt_tokens: 12,
          completion_tokens: 18,
          total_tokens: 30,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
      }),
    ],
  ],
  anthropic: [
    [
      'message_start',
      JSON.stringify({
        type: 'message_start',
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          content: [],
          model: 'claude-haiku-4-5',
          stop_reason: null,
          usage: { input_tokens: 12, output_tokens: 1 },
        },
      }),
    ],
    [
      'content_block_start',
      JSON.stringify({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ],
    ...words
      .slice(0, 15)
      .map((w): [string, string] => [
        'content_block_delta',
        JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: w } }),
      ]),
    ['content_block_stop', JSON.stringify({ type: 'content_block_stop', index: 0 })],
    [
      'message_delta',
      JSON.stringify({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 15 },
      }),
    ],
    ['message_stop', JSON.stringify({ type: 'message_stop' })],
  ],
  gemini: words.map((w, i): [undefined, string] => [
    undefined,
    JSON.stringify({
      candidates: [
        {
          content: { parts: [{ text: w }], role: 'model' },
          index: 0,
          ...(i === 19 ? { finishReason: 'STOP' } : {}),
        },
      ],
      usageMetadata: { promptTokenCount: 12, candidatesTokenCount: i + 1, totalTokenCount: 13 + i },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'resp-1',
    }),
  ]),
  dashscope: words.map((w, i): [undefined, string] => [
    undefined,
    JSON.stringify({
      output: {
        choices: [{ message: { role: 'assistant', content: w }, finish_reason: i === 19 ? 'stop' : 'null' }],
      },
      usage: { input_tokens: 12, output_tokens: i + 1, total_tokens: 13 + i },
      request_id: 'req-1',
    }),
  ]),
};

const encoder = new TextEncoder();
function sse(kind: string): Uint8Array[] {
  const out = frames[kind]!.map(([event, data]) =>
    encoder.encode(`${event ? `event: ${event}\n` : ''}data: ${data}\n\n`),
  );
  if (kind === 'openai') out.push(encoder.encode('data: [DONE]\n\n'));
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU time (user + system, this process) per call in µs: robust to other processes on a shared machine. */
function time(fn: () => void): number {
  for (let i = 0; i < Math.min(500, ITERATIONS); i++) fn();
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < ITERATIONS; i++) fn();
    const used = process.cpuUsage(t0);
    rounds.push((used.user + used.system) / ITERATIONS);
  }
  return median(rounds);
}

const options = { clientModel: 'client-model', includeUsage: true, id: 'chatcmpl-x', created: 1 };
const kinds: Record<string, ProviderKind> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gemini',
  dashscope: 'dashscope',
};

/** The chunk schema of each kind, when this commit has them. */
async function chunkSchemas(): Promise<
  Record<string, { safeParse(v: unknown): { success: boolean } }> | undefined
> {
  try {
    const [openai, anthropic, gemini, dashscope] = await Promise.all([
      import('../src/providers/openai-compatible/openai-chat-api.ts'),
      import('../src/providers/anthropic/anthropic-api.ts'),
      import('../src/providers/gemini/gemini-api.ts'),
      import('../src/providers/dashscope/dashscope-native-api.ts'),
    ]);
    const byType = anthropic.anthropicStreamEventSchemas as Record<
      string,
      { safeParse(v: unknown): { success: boolean } }
    >;
    return {
      openai: openai.openaiChatChunkSchema,
      anthropic: {
        safeParse: (v: unknown) => {
          const schema = byType[(v as { type: string }).type];
          return schema ? schema.safeParse(v) : { success: true };
        },
      },
      gemini: gemini.geminiResponseSchema,
      dashscope: dashscope.dashscopeNativeResponseSchema,
    };
  } catch {
    return undefined;
  }
}

const schemas = await chunkSchemas();
console.log(`20-chunk streams, ${ITERATIONS} iterations × ${ROUNDS} rounds (median), CPU µs per stream`);
console.log('kind        translator   JSON.parse ×20   JSON.parse+schema ×20   schema share of translator');
for (const [name, kind] of Object.entries(kinds)) {
  const adapter = getAdapter(kind, { baseUrl: 'https://dashscope.aliyuncs.com/api/v1' });
  const chunks = sse(name);
  const translator = time(() => {
    const t = adapter.createStreamTranslator(options);
    for (const c of chunks) t.push(c);
    t.end();
    if (!t.completed()) throw new Error(`${name}: stream not completed: ${t.error()?.message}`);
  });
  const payloads = frames[name]!.map(([, d]) => d);
  const parseOnly = time(() => {
    for (const p of payloads) JSON.parse(p);
  });
  const schema = schemas?.[name];
  const parseAndSchema = schema
    ? time(() => {
        for (const p of payloads)
          if (!schema.safeParse(JSON.parse(p)).success) throw new Error(`${name}: schema`);
      })
    : undefined;
  const share =
    parseAndSchema === undefined
      ? 'n/a'
      : `${(((parseAndSchema - parseOnly) / translator) * 100).toFixed(0)}%`;
  console.log(
    `${name.padEnd(12)}${translator.toFixed(1).padStart(10)}${parseOnly.toFixed(1).padStart(17)}${(parseAndSchema === undefined ? 'n/a' : parseAndSchema.toFixed(1)).padStart(24)}${share.padStart(29)}`,
  );
}
