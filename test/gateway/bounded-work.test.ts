/**
 * Issue 10, attacks 5 and 9 (the request-shaped ones): one request cannot freeze the gateway for every tenant.
 * A 4 MiB prompt is admitted while /healthz keeps answering (event-loop delay measured and printed); deep JSON,
 * hostile model names, oversized upstream bodies and slow clients get clear errors, never a 500 or a hang.
 *
 * Store-independent (the work bounds act before the store is asked): runs on the embedded store.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const KEY = 'sk-bounded-work-0123456789';

async function post(h: Harness, body: string | object, headers: Record<string, string> = {}) {
  return fetch(`${h.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('bounded work per request', () => {
  let emu: EmulatorHandle;
  let h: Harness;
  before(async () => {
    emu = await startEmulator('dashscope');
    h = await startHarness({
      currency: 'CNY',
      body_limit_bytes: 8 * 1024 * 1024,
      limits: { upstream_body_limit_bytes: 1024 * 1024, headers_timeout_ms: 1000, request_timeout_ms: 1500 },
      providers: [{ id: 'ds', kind: 'dashscope', base_url: emu.url, api_key: 'k' }],
      models: [{ id: 'qwen-plus', provider: 'ds' }],
      keys: [{ name: 'big', key: KEY, budget: { amount: '100000', currency: 'CNY', period: 'month' } }],
    });
  });
  after(async () => {
    await h.close();
    await emu.close();
  });

  test('a 4 MiB prompt is admitted while /healthz keeps answering (event-loop delay printed)', async () => {
    // Chinese without whitespace is the slowest input for the Qwen tokenizer (~26 µs per character here)
    const prompt = '价格战中的模型质量与单价'.repeat(Math.ceil((4 * 1024 * 1024) / 36));
    const body = JSON.stringify({
      model: 'qwen-plus',
      messages: [{ role: 'user', content: prompt }],
      max_tokens: 5,
    });
    assert.ok(body.length >= (4 * 1024 * 1024) / 3, 'a 4 MiB (UTF-8) prompt');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const healthz: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) {
        const t0 = performance.now();
        const res = await fetch(`${h.gateway.url}/healthz`);
        await res.text();
        healthz.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    emu.setReply({ text: 'ok' }); // the default echo would be a 4 MiB answer
    const t0 = performance.now();
    const res = await post(h, body);
    emu.setReply(null);
    const admittedMs = performance.now() - t0;
    done = true;
    await probe;
    delay.disable();
    const text = await res.text();
    assert.equal(res.status, 200, text.slice(0, 300));
    const maxHealthz = Math.max(...healthz);
    const maxDelayMs = delay.max / 1e6;
    console.log(
      `4 MiB prompt admitted in ${admittedMs.toFixed(0)} ms; event-loop delay max ${maxDelayMs.toFixed(1)} ms, ` +
        `p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms; /healthz max ${maxHealthz.toFixed(1)} ms over ${healthz.length} probes`,
    );
    assert.ok(healthz.length >= 2, 'healthz was probed during the admission');
    // the target is < 100 ms (bench/bounded-work.bench.ts measures it with the emulator in another process);
    // here the emulator and the client share the event loop and CI machines are shared, so the test only
    // proves the loop is never frozen by tokenisation (on the main thread this prompt would block for minutes)
    assert.ok(maxHealthz < 2000, `/healthz took ${maxHealthz.toFixed(1)} ms`);
    const row = h.store.db.prepare('SELECT input_tokens FROM gateway_ledger ORDER BY id DESC').get() as {
      input_tokens: number;
    };
    assert.ok(row.input_tokens > 0);
  });

  test('100k-deep JSON → 400 invalid_json', async () => {
    const deep = `{"model":"qwen-plus","messages":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const res = await post(h, deep);
    assert.equal(res.status, 400);
    const err = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(err.error.code, 'invalid_json');
    assert.match(err.error.message, /deeper than 64/);
  });

  test('model names with CJK, NUL, CR/LF or 100 kB → 404 model_not_found, nothing echoed into headers', async () => {
    for (const name of ['模型', 'gpt\u0000x', 'gpt\r\nx-injected: 1', 'a'.repeat(100_000), 'qwen-plu']) {
      const res = await post(h, { model: name, messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(res.status, 404, JSON.stringify(name.slice(0, 20)));
      assert.equal(res.headers.get('x-injected'), null);
      assert.equal(res.headers.get('x-quadrant-model'), '-');
      const err = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(err.error.code, 'model_not_found');
      assert.ok(err.error.message.length < 400, 'the name is truncated in the message');
      if (name === 'qwen-plu') assert.match(err.error.message, /did you mean qwen-plus/);
    }
  });

  test('an upstream body over limits.upstream_body_limit_bytes → 502 upstream_too_large', async () => {
    const huge = JSON.stringify({
      id: 'x',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(2 * 1024 * 1024) } }],
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
    });
    emu.setFault({
      type: 'status',
      status: 200,
      body: huge,
      headers: { 'content-type': 'application/json' },
      times: 4,
    });
    const res = await post(h, {
      model: 'qwen-plus',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 5,
    });
    emu.clearFaults();
    assert.equal(res.status, 502);
    const err = (await res.json()) as { error: { code: string } };
    assert.equal(err.error.code, 'upstream_too_large');
  });

  test('a client that stops sending its body (slowloris) is cut off by the request timeout', async () => {
    const { port } = h.gateway;
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
            `authorization: Bearer ${KEY}\r\ncontent-length: 1000\r\n\r\n{"model":`,
        );
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    const took = Date.now() - started;
    assert.ok(took < 5000, `cut off after ${took} ms`);
    assert.match(answer, /^HTTP\/1\.1 408|^$/);
  });

  test('a client that never finishes its headers is cut off by the headers timeout', async () => {
    const { port } = h.gateway;
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\n'),
      );
      socket.on('data', () => undefined);
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    assert.ok(Date.now() - started < 5000);
  });
});
