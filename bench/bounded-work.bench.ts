/**
 * Issue 10: does one huge request freeze the gateway? The gateway runs in this process; a DashScope emulator
 * and the client sending a 4 MiB prompt (Chinese without whitespace: the slowest input for the Qwen tokenizer)
 * run in a child process, so the event loop measured here is the gateway's alone. Prints the event-loop delay
 * (max, p99) and /healthz latency while the prompt is being admitted, for each size given. Body parsing
 * (json-parse-thread.ts), prompt counting (prompt-count-pool.ts) and the upstream body's UTF-8 encoding
 * (chunked-body.ts) are off the event loop or sliced; what remains is JSON.stringify of the upstream body and
 * the structured clones.
 *
 *   node --import tsx bench/bounded-work.bench.ts [--mib 4] [--runs 3]
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startHarness } from '../test/gateway/gateway-harness.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const KEY = 'sk-bench-bounded-0123456789';

if (process.env.BOUNDED_BENCH_CHILD) {
  // child: the emulator, and the client of the big request
  const { startEmulator } = await import('../test/emulators/index.ts');
  const emu = await startEmulator('dashscope');
  emu.setReply({ text: 'ok' });
  process.send!({ url: emu.url });
  process.on('message', async (m: { gateway: string; mib: number } | 'exit') => {
    if (m === 'exit') {
      await emu.close();
      process.exit(0);
    }
    const prompt = '价格战中的模型质量与单价'.repeat(Math.ceil((m.mib * 1024 * 1024) / 36));
    const body = JSON.stringify({
      model: 'qwen-plus',
      messages: [{ role: 'user', content: prompt }],
      max_tokens: 5,
    });
    const t0 = performance.now();
    const res = await fetch(`${m.gateway}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body,
    });
    await res.text();
    process.send!({ status: res.status, ms: performance.now() - t0, bytes: Buffer.byteLength(body) });
  });
} else {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BOUNDED_BENCH_CHILD: '1' },
    execArgv: ['--import', 'tsx'],
  });
  const next = () => new Promise<Record<string, unknown>>((resolve) => child.once('message', resolve));
  const { url } = (await next()) as { url: string };
  const h = await startHarness({
    currency: 'CNY',
    body_limit_bytes: 64 * 1024 * 1024,
    providers: [{ id: 'ds', kind: 'dashscope', base_url: url, api_key: 'k' }],
    models: [{ id: 'qwen-plus', provider: 'ds' }],
    keys: [{ name: 'big', key: KEY, budget: { amount: '100000', currency: 'CNY', period: 'month' } }],
  });
  // a first big request starts the body-parse and prompt-count workers (they start with the first big body)
  child.send({ gateway: h.gateway.url, mib: 0.5 });
  await next();
  await new Promise((r) => setTimeout(r, 3000)); // the counting worker loads its tokenizers
  const mib = opt('mib', 4);
  for (let run = 0; run < opt('runs', 3); run++) {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const healthz: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) {
        const t0 = performance.now();
        await (await fetch(`${h.gateway.url}/healthz`)).text();
        healthz.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    child.send({ gateway: h.gateway.url, mib });
    const r = (await next()) as { status: number; ms: number; bytes: number };
    done = true;
    await probe;
    delay.disable();
    console.log(
      `${(r.bytes / 1024 / 1024).toFixed(1)} MiB prompt: HTTP ${r.status} in ${r.ms.toFixed(0)} ms | ` +
        `event-loop delay max ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms | ` +
        `/healthz max ${Math.max(...healthz).toFixed(1)} ms, median ${healthz.sort((a, b) => a - b)[healthz.length >> 1].toFixed(1)} ms over ${healthz.length} probes`,
    );
  }
  child.send('exit');
  await h.close();
}
