import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { getAdapter } from '../../src/providers/index.ts';
import type { ProviderKind } from '../../src/providers/types.ts';
import { type AllEmulators, startAllEmulators } from '../emulators/index.ts';

const KINDS: ProviderKind[] = ['openai', 'openai-compatible', 'zhipu', 'ark', 'dashscope', 'gemini'];

describe('embeddings against the emulators', () => {
  let emulators: AllEmulators;
  before(async () => {
    emulators = await startAllEmulators();
  });
  after(() => emulators.close());

  for (const kind of KINDS) {
    it(`${kind}: float and base64 float32 LE agree`, async () => {
      const adapter = getAdapter(kind);
      const target = { baseUrl: emulators[kind].url, apiKey: 'k', upstreamModel: 'embed-up' };
      const results: Record<string, unknown>[] = [];
      for (const encodingFormat of ['float', 'base64'] as const) {
        const upstream = adapter.buildEmbeddingsRequest!(
          { model: 'embed', input: ['hello world', 'bye'], encoding_format: encodingFormat, dimensions: 4 },
          target,
        );
        const response = await fetch(upstream.url, {
          method: 'POST',
          headers: upstream.headers,
          body: upstream.body,
        });
        assert.equal(response.status, 200);
        results.push(
          adapter.parseEmbeddingsResponse!(await response.text(), { clientModel: 'embed', encodingFormat })
            .response,
        );
      }
      const floats = (results[0].data as Array<{ embedding: number[] }>).map((item) => item.embedding);
      const decoded = (results[1].data as Array<{ embedding: string }>).map((item) => {
        const buffer = Buffer.from(item.embedding, 'base64');
        return Array.from({ length: buffer.length / 4 }, (_, index) => buffer.readFloatLE(index * 4));
      });
      assert.equal(floats.length, 2);
      assert.equal(floats[0].length, 4);
      assert.deepEqual(decoded, floats);
      assert.equal(results[0].model, 'embed');
    });
  }

  it('the openai SDK (base64 by default) decodes the OpenAI emulator embeddings', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: emulators.openai.url, maxRetries: 0 });
    const response = await client.embeddings.create({ model: 'e', input: 'hello world', dimensions: 3 });
    assert.equal(response.data[0].embedding.length, 3);
    assert.equal(response.usage.prompt_tokens, 2);
  });
});
