/**
 * Issue 10's fuzz: fast-check generates request bodies, request headers (raw bytes on a socket) and upstream
 * streams; the gateway must answer every client input with a non-5xx OpenAI-shaped error or a success, answer
 * hostile upstream streams with a clean error (never a 500, a crash or a hang), and keep serving afterwards.
 * Short in CI; `QUADRANT_FUZZ_RUNS=5000` (or more) for a long run. The number of cases run is printed.
 *
 * Runs on the embedded store: the fuzzed surface (request parsing, upstream streams) is store-independent; the
 * budget and ledger paths it ends in are parameterised over both stores in money-attacks, fault-matrix and
 * budgets-and-limits.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const RUNS = Number(process.env.QUADRANT_FUZZ_RUNS ?? 60);
const KEY = 'sk-fuzz-key-0123456789abcdef';
let casesRun = 0;

function rawRequest(port: number, head: string, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.end(body);
    });
    let data = '';
    const done = () => resolve(data);
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
  });
}

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const messageArb = fc.record(
  {
    role: fc.oneof(
      fc.constantFrom('user', 'system', 'assistant', 'tool', 'developer'),
      fc.string(),
      jsonValue,
    ),
    content: fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.array(
        fc.record({
          type: fc.constantFrom('text', 'image_url', 'x'),
          text: fc.oneof(fc.string(), jsonValue),
        }),
      ),
      jsonValue,
    ),
    name: fc.oneof(fc.string(), jsonValue),
    tool_calls: fc.oneof(
      jsonValue,
      fc.array(fc.record({ function: fc.record({ name: fc.string(), arguments: jsonValue }) })),
    ),
  },
  { requiredKeys: [] },
);
const chatBody = fc.record(
  {
    model: fc.oneof(fc.constant('gpt-4o-mini'), fc.string(), fc.string({ unit: 'grapheme' }), jsonValue),
    messages: fc.oneof(fc.array(messageArb, { maxLength: 4 }), jsonValue),
    max_tokens: fc.oneof(fc.integer({ min: -5, max: 5000 }), jsonValue, fc.double()),
    max_completion_tokens: fc.oneof(fc.integer({ min: -5, max: 5000 }), jsonValue),
    n: fc.oneof(fc.integer({ min: -2, max: 200 }), jsonValue),
    stream: fc.oneof(fc.boolean(), jsonValue),
    stream_options: jsonValue,
    tools: fc.oneof(jsonValue, fc.array(jsonValue, { maxLength: 3 })),
    temperature: jsonValue,
    stop: jsonValue,
  },
  { requiredKeys: [] },
);

describe('fuzz: no 5xx from client input, no crash from upstream streams', () => {
  let emu: EmulatorHandle;
  let h: Harness;
  before(async () => {
    emu = await startEmulator('openai');
    h = await startHarness({
      retry: { attempts_per_upstream: 1, max_attempts: 1 },
      timeouts: { first_byte_ms: 2000, idle_ms: 1000 },
      providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
      models: [
        { id: 'gpt-4o-mini', provider: 'oai' },
        { id: 'emb', provider: 'oai', catalog: 'gpt-4o-mini' },
      ],
      keys: [{ name: 'f', key: KEY, budget: { amount: '1000', currency: 'USD', period: 'month' } }],
    });
  });
  after(async () => {
    console.log(`fuzz: ${casesRun} cases run`);
    await h.close();
    await emu.close();
  });

  async function healthy(): Promise<void> {
    const res = await fetch(`${h.gateway.url}/healthz`);
    assert.equal(res.status, 200);
  }

  test('chat bodies (structured and arbitrary JSON)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(chatBody, jsonValue), async (body) => {
        casesRun++;
        const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
          body: JSON.stringify(body) ?? 'null',
        });
        const text = await res.text();
        assert.ok(
          res.status < 500,
          `${res.status} for ${JSON.stringify(body).slice(0, 200)}: ${text.slice(0, 200)}`,
        );
        if (res.status >= 400) {
          const err = JSON.parse(text) as { error: { code: string } };
          assert.ok(err.error.code);
        }
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
    await healthy();
  });

  test('embeddings bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            model: fc.oneof(fc.constant('emb'), fc.string(), jsonValue),
            input: fc.oneof(fc.string(), fc.array(fc.string()), fc.array(fc.integer()), jsonValue),
            encoding_format: fc.oneof(fc.constantFrom('float', 'base64'), jsonValue),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          casesRun++;
          const res = await fetch(`${h.gateway.url}/v1/embeddings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
            body: JSON.stringify(body),
          });
          await res.text();
          assert.ok(res.status < 500, `${res.status} for ${JSON.stringify(body).slice(0, 200)}`);
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
    await healthy();
  });

  test('raw bytes: bodies and header lines', async () => {
    const headerValue = fc.oneof(
      fc.string(),
      fc.uint8Array({ maxLength: 200 }).map((b) =>
        Buffer.from(b)
          .toString('latin1')
          .replace(/[\r\n]/g, ''),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        headerValue,
        headerValue,
        fc.constantFrom('/v1/chat/completions', '/v1/embeddings', '/v1/models', '/healthz', '/v1/x'),
        async (bytes, auth, contentType, path) => {
          casesRun++;
          const body = Buffer.from(bytes);
          const head =
            `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${h.gateway.port}\r\nconnection: close\r\n` +
            `authorization: ${auth}\r\ncontent-type: ${contentType}\r\ncontent-length: ${body.length}\r\n\r\n`;
          const answer = await rawRequest(h.gateway.port, head, body);
          const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
          assert.ok(status > 0, `no answer: ${JSON.stringify(answer.slice(0, 100))}`);
          assert.ok(status < 500, `${status}: ${answer.slice(0, 300)}`);
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
    await healthy();
  });

  test('upstream streams: arbitrary SSE bytes → a clean end, never a 500 or a hang', async () => {
    const frame = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => `data: ${JSON.stringify(v)}\n\n`),
      fc.string().map((s) => `data: ${s}\n\n`),
      fc.constantFrom(
        'data: [DONE]\n\n',
        ': keep-alive\n\n',
        'event: error\ndata: {"error":{"message":"boom"}}\n\n',
      ),
      fc.constantFrom(
        'data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n',
        'data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1}}\n\n',
      ),
      fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('latin1')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { maxLength: 8 }), fc.boolean(), async (frames, stream) => {
        casesRun++;
        emu.setFault({
          type: 'status',
          status: 200,
          body: frames.join(''),
          headers: { 'content-type': stream ? 'text/event-stream' : 'application/json' },
          times: 1,
        });
        const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
          body: JSON.stringify({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: 'hi' }],
            stream,
            max_tokens: 5,
          }),
          signal: AbortSignal.timeout(10_000),
        });
        await res.text();
        emu.clearFaults();
        assert.notEqual(res.status, 500);
        assert.ok(res.status === 200 || (res.status >= 502 && res.status <= 504), `status ${res.status}`);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
    await healthy();
    const reserved = h.store.db.prepare('SELECT reserved FROM gateway_budget_usage').all() as Array<{
      reserved: string;
    }>;
    assert.ok(
      reserved.every((r) => r.reserved === '0'),
      'every reservation settled',
    );
  });
});
