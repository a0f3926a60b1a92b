/**
 * A minimal, fast OpenAI-style upstream for benchmarks: answers POST /v1/chat/completions with a fixed
 * ~1 KB chat.completion (or a short SSE stream when `stream: true`). No parsing beyond a substring check,
 * so that the baseline measures the network path, not the upstream. It reports `prompt_tokens` 12 unless
 * BENCH_PROMPT_TOKENS says otherwise: a bench that checks money sets it to what OpenAI would count for its prompt
 * (the gateway's own count), so the upstream is a compliant provider and any spend over a budget is a gateway bug,
 * not a provider overrun (which the gateway charges and records, as it must).
 *   node --import tsx bench/fast-upstream.ts <port> [<content chunks per stream, default 10>]
 */
import { createServer } from 'node:http';

const promptTokens = Number(process.env.BENCH_PROMPT_TOKENS ?? 12);
const text = 'Quadrant benchmark answer. '.repeat(28).trim();
const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [
    { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null },
  ],
  usage: { prompt_tokens: promptTokens, completion_tokens: 180, total_tokens: promptTokens + 180 },
});
const chunks = Number(process.argv[3] ?? 10);
const chunk = (delta: object, finish: string | null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }], usage: null })}\n\n`;
const stream =
  chunk({ role: 'assistant', content: '' }, null) +
  Array.from({ length: chunks }, (_, i) => chunk({ content: `token${i} ` }, null)).join('') +
  chunk({}, 'stop') +
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: chunks, total_tokens: promptTokens + chunks } })}\n\n` +
  'data: [DONE]\n\n';

const server = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    const body = Buffer.concat(parts).toString();
    if (body.includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_bench' });
      res.end(stream);
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_bench' });
      res.end(completion);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : ''}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
