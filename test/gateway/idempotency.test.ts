/**
 * Idempotency-Key over real HTTP (Stripe semantics, scoped per API key): a retried paid call returns the
 * stored result — no second upstream call, no second charge — for JSON and streamed answers on every paid
 * endpoint; a concurrent duplicate gets 409; the key with another body 422; errors are not stored; results
 * expire after 24 h. Runs on each store: embedded SQLite, and PostgreSQL + Redis (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { dec } from '../../src/pricing/money.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { catalogWithEmbeddings, fakeClock, type Harness, startHarness } from './gateway-harness.ts';

const KEY_A = 'sk-idempotency-a-0123456789abcdef';
const KEY_B = 'sk-idempotency-b-0123456789abcdef';
const MESSAGES = [{ role: 'user' as const, content: 'pay once' }];

for (const backend of await storeBackends()) {
  describe(`Idempotency-Key (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    let emu: EmulatorHandle;
    let h: Harness;
    const clock = fakeClock(Date.now());

    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('openai');
      h = await startHarness(
        {
          providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
          models: [
            { id: 'gpt-4o-mini', provider: 'oai' },
            { id: 'text-embedding-3-small', provider: 'oai' },
          ],
          keys: [
            { name: 'a', key: KEY_A, budget: { amount: '10', currency: 'USD', period: 'month' } },
            { name: 'b', key: KEY_B },
          ],
        },
        { now: clock.now, catalog: catalogWithEmbeddings(), backend },
      );
    });
    after(async () => {
      await h?.close();
      await emu?.close();
    });
    beforeEach(() => {
      if (backend.skip) return;
      emu.clearFaults();
      emu.requests.length = 0;
    });

    const spent = async () =>
      String(
        (
          await h.sql<{ spent: string }>(
            "SELECT spent FROM gateway_budget_usage WHERE key_id = (SELECT id FROM gateway_keys WHERE name = 'a')",
          )
        )[0]?.spent ?? '0',
      );
    const ledgerRows = async () =>
      Number((await h.sql<{ n: number }>('SELECT COUNT(*) AS n FROM gateway_ledger'))[0].n);

    function post(path: string, body: unknown, idemKey?: string, apiKey = KEY_A): Promise<Response> {
      return fetch(`${h.gateway.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${apiKey}`,
          ...(idemKey ? { 'idempotency-key': idemKey } : {}),
        },
        body: JSON.stringify(body),
      });
    }

    test('a retried JSON chat completion returns the stored result: one upstream call, one charge', async () => {
      const client = h.client(KEY_A);
      const body = { model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 50 };
      const first = await client.chat.completions
        .create(body, { headers: { 'Idempotency-Key': 'json-1' } })
        .withResponse();
      const spentOnce = await spent();
      const rows = await ledgerRows();
      const again = await client.chat.completions
        .create(body, { headers: { 'Idempotency-Key': 'json-1' } })
        .withResponse();
      assert.deepEqual(again.data, first.data);
      assert.equal(again.response.headers.get('idempotent-replayed'), 'true');
      assert.equal(first.response.headers.get('idempotent-replayed'), null);
      assert.equal(
        again.response.headers.get('x-quadrant-original-request-id'),
        first.response.headers.get('x-request-id'),
      );
      for (const name of ['x-quadrant-cost', 'x-quadrant-model', 'x-quadrant-provider', 'content-type'])
        assert.equal(again.response.headers.get(name), first.response.headers.get(name), name);
      assert.equal(emu.requests.length, 1, 'one upstream call');
      assert.equal(await spent(), spentOnce, 'charged once');
      assert.ok(dec(spentOnce).gt(0));
      assert.equal(await ledgerRows(), rows, 'no second ledger row');
    });

    test('a retried stream replays the stored SSE body byte for byte', async () => {
      const body = {
        model: 'gpt-4o-mini',
        messages: MESSAGES,
        stream: true,
        stream_options: { include_usage: true },
      };
      const first = await post('/v1/chat/completions', body, 'sse-1');
      const firstText = await first.text();
      const again = await post('/v1/chat/completions', body, 'sse-1');
      assert.equal(again.headers.get('content-type'), first.headers.get('content-type'));
      assert.equal(await again.text(), firstText);
      assert.match(firstText, /data: \[DONE\]/);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(emu.requests.length, 1);
      // and the official client reads the replay as a stream
      const stream = await h
        .client(KEY_A)
        .chat.completions.create({ ...body, stream: true }, { headers: { 'Idempotency-Key': 'sse-1' } });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      assert.match(text, /pay once/);
      assert.equal(emu.requests.length, 1);
    });

    test('the race: 10 concurrent duplicates → one runs, the others 409 (or, once it finished, its replay)', async () => {
      // the first call is held upstream long enough for its duplicates to arrive while it runs, even under load
      emu.setFault({ type: 'delay', ms: 1500, times: 1 });
      const body = { model: 'gpt-4o-mini', messages: MESSAGES, max_tokens: 20 };
      const before = await spent();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => post('/v1/chat/completions', body, 'race-1')),
      );
      const ran = answers.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null);
      const replayed = answers.filter(
        (r) => r.status === 200 && r.headers.get('idempotent-replayed') === 'true',
      );
      const conflicts = answers.filter((r) => r.status === 409);
      assert.equal(ran.length, 1, 'exactly one request ran');
      assert.equal(ran.length + replayed.length + conflicts.length, 10, 'the others: 409 or a replay');
      assert.ok(conflicts.length > 0, 'duplicates that arrived while it ran got 409');
      assert.equal(
        ((await conflicts[0].json()) as { error: { code: string } }).error.code,
        'idempotency_key_in_use',
      );
      assert.equal(conflicts[0].headers.get('retry-after'), '1');
      assert.equal(emu.requests.length, 1, 'one upstream call for ten requests');
      const charged = dec(await spent()).minus(before);
      const replay = await post('/v1/chat/completions', body, 'race-1');
      assert.equal(replay.status, 200);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(emu.requests.length, 1);
      assert.ok(
        dec(await spent())
          .minus(before)
          .eq(charged),
        'charged once',
      );
    });

    test('the same key with another body or on another endpoint → 422', async () => {
      const first = await post(
        '/v1/chat/completions',
        { model: 'gpt-4o-mini', messages: MESSAGES },
        'reuse-1',
      );
      assert.equal(first.status, 200);
      const other = await post(
        '/v1/chat/completions',
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'something else' }] },
        'reuse-1',
      );
      assert.equal(other.status, 422);
      assert.equal(
        ((await other.json()) as { error: { code: string } }).error.code,
        'idempotency_key_reused',
      );
      const embed = await post('/v1/embeddings', { model: 'text-embedding-3-small', input: 'x' }, 'reuse-1');
      assert.equal(embed.status, 422);
      assert.equal(emu.requests.length, 1);
    });

    test('keys are scoped per API key', async () => {
      const body = { model: 'gpt-4o-mini', messages: MESSAGES };
      assert.equal((await post('/v1/chat/completions', body, 'scoped-1', KEY_A)).status, 200);
      const b = await post('/v1/chat/completions', body, 'scoped-1', KEY_B);
      assert.equal(b.status, 200);
      assert.equal(b.headers.get('idempotent-replayed'), null);
      assert.equal(emu.requests.length, 2);
    });

    test('an error is not stored: the retry runs again', async () => {
      emu.setFault({ type: 'status', status: 400, times: 1 });
      const body = { model: 'gpt-4o-mini', messages: MESSAGES };
      const failed = await post('/v1/chat/completions', body, 'error-1');
      assert.equal(failed.status, 400);
      const retried = await post('/v1/chat/completions', body, 'error-1');
      assert.equal(retried.status, 200);
      assert.equal(retried.headers.get('idempotent-replayed'), null);
      assert.equal(emu.requests.length, 2);
    });

    test('embeddings, Responses and Messages replay too', async () => {
      const calls: Array<[string, unknown]> = [
        ['/v1/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b'] }],
        ['/v1/responses', { model: 'gpt-4o-mini', input: 'pay once' }],
        ['/v1/messages', { model: 'gpt-4o-mini', max_tokens: 30, messages: MESSAGES }],
        ['/v1/messages', { model: 'gpt-4o-mini', max_tokens: 30, messages: MESSAGES, stream: true }],
      ];
      for (const [i, [path, body]] of calls.entries()) {
        emu.requests.length = 0;
        const first = await post(path, body, `endpoint-${i}`);
        const firstText = await first.text();
        assert.equal(first.status, 200, `${path}: ${firstText}`);
        const again = await post(path, body, `endpoint-${i}`);
        assert.equal(await again.text(), firstText, path);
        assert.equal(again.headers.get('idempotent-replayed'), 'true', path);
        assert.equal(emu.requests.length, 1, path);
      }
    });

    test('a stored result expires after 24 h: the key then runs again', async () => {
      const body = { model: 'gpt-4o-mini', messages: MESSAGES };
      await post('/v1/chat/completions', body, 'expiry-1');
      clock.advance(23 * 3600_000);
      assert.equal(
        (await post('/v1/chat/completions', body, 'expiry-1')).headers.get('idempotent-replayed'),
        'true',
      );
      clock.advance(3600_000);
      const later = await post('/v1/chat/completions', body, 'expiry-1');
      assert.equal(later.headers.get('idempotent-replayed'), null);
      assert.equal(emu.requests.length, 2);
    });

    test('an invalid Idempotency-Key → 400', async () => {
      const res = await post(
        '/v1/chat/completions',
        { model: 'gpt-4o-mini', messages: MESSAGES },
        'x'.repeat(256),
      );
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_idempotency_key');
      assert.equal(emu.requests.length, 0);
    });
  });
}
