/**
 * Resident memory of a gateway configured with ten models of seven vendors (issue 12: ≤ 150 MB after start with a
 * 10-model config): every model through one loopback upstream (the wire format does not change what the gateway
 * loads: the catalog, prices and each model's tokenizer), a budgeted key and a `cheapest` route over all ten.
 * RSS after start (after one request, as for the other targets) and after one request to every model.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, quadrantArgv, rssMb, start, waitFor } from './bench-kit.ts';

export const TEN_MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4.1-nano',
  'claude-haiku-4-5',
  'gemini-2.5-flash',
  'qwen-plus',
  'qwen-turbo',
  'deepseek-chat',
  'doubao-1.5-pro-32k',
  'ernie-4.5-turbo-128k',
] as const;

const KEY = 'qk-bench-ten-models-0123456789abcdef';

export async function tenModelRss(
  upstream: string,
  dir: string,
): Promise<{ start: number; afterAll: number }> {
  const config = join(dir, 'ten-models.yaml');
  writeFileSync(
    config,
    [
      'currency: USD',
      'providers:',
      `  - { id: up, kind: openai, base_url: ${upstream}, api_key: sk-bench }`,
      'models:',
      ...TEN_MODELS.map((m) => `  - { id: ${m}, provider: up }`),
      'routes:',
      `  - { id: smart, strategy: cheapest, candidates: [${TEN_MODELS.join(', ')}] }`,
      'keys:',
      `  - { name: bench, key: ${KEY}, budget: { amount: "1000000000", currency: USD, period: month }, rpm: 100000000 }`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child = start(
    process.execPath,
    [...quadrantArgv(), 'serve', '--config', config, '--port', String(port)],
    {
      QUADRANT_DB: join(dir, 'ten', 'quadrant.db'),
    },
  );
  const url = `http://127.0.0.1:${port}/v1/chat/completions`;
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${KEY}` };
  const body = (model: string) =>
    JSON.stringify({
      model,
      messages: [{ role: 'user', content: '价格战之后，哪个模型最划算？ Which model is best value?' }],
      max_tokens: 50,
    });
  const settled = () => new Promise((resolve) => setTimeout(resolve, 1000)); // compilations of the last call end
  await waitFor(url, { method: 'POST', headers, body: body('smart') });
  await settled();
  const startRss = rssMb(child.pid as number);
  for (const model of TEN_MODELS) {
    const r = await fetch(url, { method: 'POST', headers, body: body(model) });
    if (r.status !== 200)
      throw new Error(`ten-model config: ${model} answered ${r.status}: ${await r.text()}`);
  }
  await settled();
  const afterAll = rssMb(child.pid as number);
  child.kill('SIGTERM');
  return { start: startRss, afterAll };
}
