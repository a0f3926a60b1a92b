/**
 * Micro-benchmark: SSE translation throughput per provider format — a long streamed answer as each provider
 * emulator (test/emulators) sends it, fed to the adapter's StreamTranslator in 1 KB pieces, as the gateway does.
 * Reports upstream MB/s and content events/s.
 *   node --import tsx bench/micro/sse-translation.bench.ts [--ms 1000]
 */
import { getAdapter } from '../../src/providers/index.ts';
import type { ProviderKind } from '../../src/providers/types.ts';
import { startEmulator } from '../../test/emulators/index.ts';
import { type MicroResult, measure, printTable } from './micro-kit.ts';

const args = process.argv.slice(2);
const ms = Number(args[args.indexOf('--ms') + 1] || 1000);
const KINDS: ProviderKind[] = ['openai', 'anthropic', 'gemini', 'dashscope', 'deepseek', 'zhipu'];
const prompt = `Write a long answer about the price war between model vendors. ${'Explain tiers and caching. '.repeat(20)}`;

const rows: MicroResult[] = [];
const notes: string[] = [];
for (const kind of KINDS) {
  const emu = await startEmulator(kind as never);
  try {
    const baseUrl = kind === 'gemini' ? emu.url : `${emu.url}`;
    const adapter = getAdapter(kind, { baseUrl });
    const req = adapter.buildChatRequest(
      {
        model: 'bench',
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        max_completion_tokens: 800,
      },
      { baseUrl, apiKey: 'k', upstreamModel: kind === 'dashscope' ? 'qwen-plus' : 'bench-model' },
    );
    const r = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
    const bytes = new Uint8Array(await r.arrayBuffer());
    if (r.status !== 200) {
      notes.push(`${kind}: emulator answered ${r.status}`);
      continue;
    }
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 1024) pieces.push(bytes.subarray(i, i + 1024));
    let events = 0;
    const once = () => {
      const t = adapter.createStreamTranslator({
        clientModel: 'bench',
        includeUsage: true,
        id: 'chatcmpl-bench',
        created: 1_700_000_000,
        decorateUsage: () => ({ cost: '0.0001', currency: 'USD' }),
      });
      for (const p of pieces) t.push(p);
      t.end();
      events = t.contentEvents();
    };
    const m = await measure(`${kind} (${(bytes.length / 1024).toFixed(1)} KB, ${0} events)`, once, {
      ms,
      batch: 10,
    });
    once();
    rows.push({
      ...m,
      name: `${kind}: ${(bytes.length / 1024).toFixed(1)} KB stream, ${events} content events — ${((bytes.length * m.opsPerSec) / 1048576).toFixed(1)} MB/s, ${Math.round(events * m.opsPerSec).toLocaleString('en')} events/s`,
    });
  } finally {
    await emu.close();
  }
}
printTable('SSE translation per provider format (one whole stream per op)', rows);
for (const n of notes) console.log(n);
