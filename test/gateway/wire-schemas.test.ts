/**
 * A 2xx upstream body that does not match its provider's wire schema, through the gateway, for each provider
 * kind: the client gets a 502 upstream_error naming the field, and the ledger records the attempt as an error
 * with that code — the same error for the client and the ledger. Runs on each store: embedded SQLite, and
 * PostgreSQL + Redis (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const KEY = 'sk-wire-schema-key-0000000000000001';

const cases = [
  { kind: 'openai', model: 'gpt-4o-mini', body: { id: 'x', choices: 'none' }, field: 'choices' },
  {
    kind: 'anthropic',
    model: 'claude-haiku-4-5',
    body: { id: 'msg_1', type: 'message', content: [{ type: 7 }] },
    field: 'content[0].type',
  },
  {
    kind: 'gemini',
    model: 'gemini-2.5-flash',
    body: {
      candidates: [{ content: { parts: [{ text: 'a' }] } }],
      usageMetadata: { promptTokenCount: 'ten' },
    },
    field: 'usageMetadata.promptTokenCount',
  },
  { kind: 'dashscope', model: 'qwen-plus', body: { request_id: 'r', output: 'text' }, field: 'output' },
] as const;

for (const backend of await storeBackends()) {
  describe(`upstream bodies that do not match their wire schema (${backend.name})`, {
    skip: backend.skip,
  }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    const emulators = new Map<string, EmulatorHandle>();
    let h: Harness;
    before(async () => {
      if (backend.skip) return;
      for (const c of cases) emulators.set(c.kind, await startEmulator(c.kind));
      h = await startHarness(
        {
          retry: { attempts_per_upstream: 1 },
          providers: cases.map((c) => ({
            id: c.kind,
            kind: c.kind,
            // DashScope: the native API (the base URL without compatible-mode)
            base_url: c.kind === 'dashscope' ? emulators.get(c.kind)!.nativeUrl : emulators.get(c.kind)!.url,
            api_key: 'k',
          })),
          models: cases.map((c) => ({ id: c.model, provider: c.kind })),
          keys: [{ name: 'wire', key: KEY }],
        },
        { backend },
      );
    });
    after(async () => {
      await h?.close();
      for (const e of emulators.values()) await e.close();
    });

    for (const c of cases) {
      test(`${c.kind}: 502 upstream_error naming ${c.field}, ledgered as such`, async () => {
        emulators
          .get(c.kind)!
          .setFault({ type: 'status', status: 200, body: JSON.stringify(c.body), times: 1 });
        const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: c.model,
            max_tokens: 20,
            messages: [{ role: 'user', content: 'hi' }],
          }),
        });
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(res.status, 502);
        assert.equal(body.error.code, 'upstream_error');
        assert.ok(body.error.message.includes(c.field), body.error.message);
        const [row] = await h.sql(
          'SELECT status, outcome, error_code FROM gateway_ledger WHERE request_id = ?',
          res.headers.get('x-request-id'),
        );
        assert.deepEqual(
          { ...(row as object) },
          { status: 502, outcome: 'error', error_code: 'upstream_error' },
        );
      });
    }
  });
}
