/**
 * `strategy: router` end to end over the provider emulators: the trained router sends a hard (math) prompt
 * to the strong candidate and an easy one to the cheap candidate, says so in `x-quadrant-route-score`,
 * falls back to the other candidate when the chosen one fails, streams, takes quality feedback from the key
 * that made the request (stored on the ledger row, read back as training rows), and rejects bad configs.
 *
 * Embedded store only: a router route's prompts and `router train --from-ledger` (labeledRoutedPrompts joins the
 * prompts with the ledger's labels) read the embedded store; with PostgreSQL the ledger labels are shared but the
 * prompts are still kept per process (see the report of issue 13).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { isQuadrantError } from '../../src/errors.ts';
import { labeledRoutedPrompts } from '../../src/gateway/ledger/routed-prompts.ts';
import { examplesFromLabels } from '../../src/router/router-commands.ts';
import { writeRouterFile } from '../../src/router/router-file.ts';
import { trainSuccessModel } from '../../src/router/success-model.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'quadrant-router-route-'));
const routerPath = join(dir, 'router.json');
const KEY_A = 'key-team-a-secret-0123456789abcdef';
const KEY_B = 'key-team-b-secret-0123456789abcdef';
const HARD = 'Compute the integral of x^3 + 2x from 0 to 7 and give the exact value';
const EASY = 'Name the capital city of France';

function trainRouter(): void {
  const examples = Array.from({ length: 400 }, (_, i) => {
    const hard = i % 2 === 0;
    return {
      prompt: hard
        ? `Compute the integral of x^${i % 9} + ${i}x from 0 to ${i % 13} and give the exact value`
        : `Name the capital city of country number ${i}`,
      scores: [hard ? 0 : 1, 1],
    };
  });
  const model = trainSuccessModel(examples, ['weak', 'strong'], { bits: 14, epochs: 4, seed: 3 });
  writeRouterFile(routerPath, {
    model,
    training: { examples: 400, seed: 3, epochs: 4, learning_rate: 0.05, l2: 1e-6, source: 'test' },
  });
}

describe('router strategy', () => {
  let cheap: EmulatorHandle;
  let strong: EmulatorHandle;
  let h: Harness;
  const config = (route: Record<string, unknown>) => ({
    retry: { attempts_per_upstream: 1, backoff_base_ms: 1, backoff_cap_ms: 2 },
    providers: [
      { id: 'pc', kind: 'openai', base_url: cheap.url, api_key: 'k' },
      { id: 'ps', kind: 'openai', base_url: strong.url, api_key: 'k' },
    ],
    models: [
      { id: 'gpt-4o-mini', provider: 'pc' },
      { id: 'gpt-4o', provider: 'ps' },
    ],
    routes: [{ id: 'smart', strategy: 'router', candidates: ['gpt-4o-mini', 'gpt-4o'], ...route }],
    keys: [
      { name: 'team-a', key: KEY_A },
      { name: 'team-b', key: KEY_B },
    ],
  });

  before(async () => {
    trainRouter();
    cheap = await startEmulator('openai');
    strong = await startEmulator('openai');
    h = await startHarness(config({ router: routerPath, threshold: 0.2 }));
  });
  after(async () => {
    await h.close();
    await cheap.close();
    await strong.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    cheap.clearFaults();
    strong.clearFaults();
  });

  const ask = (content: string) =>
    h
      .client(KEY_A)
      .chat.completions.create({ model: 'smart', messages: [{ role: 'user', content }] })
      .withResponse();

  test('hard prompt → strong model, easy prompt → cheap model, with the score header', async () => {
    const hard = await ask(HARD);
    assert.equal(hard.response.headers.get('x-quadrant-model'), 'gpt-4o');
    assert.match(
      hard.response.headers.get('x-quadrant-route-score') ?? '',
      /^gpt-4o; p=0\.\d{3}; score=0\.\d{3}; threshold=0\.200$/,
    );
    const easy = await ask(EASY);
    assert.equal(easy.response.headers.get('x-quadrant-model'), 'gpt-4o-mini');
    assert.match(
      easy.response.headers.get('x-quadrant-route-score') ?? '',
      /^gpt-4o-mini; p=0\.\d{3}; score=/,
    );
  });

  test('falls back to the other candidate when the chosen one fails', async () => {
    strong.setFault({ type: 'status', status: 503, times: 5 });
    const { response } = await ask(HARD);
    assert.equal(response.headers.get('x-quadrant-model'), 'gpt-4o-mini');
    assert.match(
      response.headers.get('x-quadrant-route-score') ?? '',
      /^gpt-4o;/,
      'the header names the choice',
    );
  });

  test('streams with the header', async () => {
    const { data: stream, response } = await h
      .client(KEY_A)
      .chat.completions.create({ model: 'smart', messages: [{ role: 'user', content: EASY }], stream: true })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.ok(text.length > 0);
    assert.match(response.headers.get('x-quadrant-route-score') ?? '', /^gpt-4o-mini;/);
  });

  test('feedback labels the answer on the ledger, only for the key that made the request', async () => {
    const { response } = await ask(HARD);
    const requestId = response.headers.get('x-request-id')!;
    const feedback = (key: string, body: unknown, method = 'POST') =>
      fetch(`${h.gateway.url}/v1/quadrant/feedback`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: method === 'POST' ? JSON.stringify(body) : undefined,
      });
    const other = await feedback(KEY_B, { request_id: requestId, score: 0 });
    assert.equal(other.status, 404);
    assert.equal((await other.json()).error.code, 'not_found');
    const bad = await feedback(KEY_A, { request_id: requestId, score: 2 });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.param, 'score');
    assert.equal((await feedback(KEY_A, { request_id: 'nope', score: 1 })).status, 404);
    assert.equal((await feedback(KEY_A, {}, 'GET')).status, 405);
    const ok = await feedback(KEY_A, { request_id: requestId, score: 0.25 });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { request_id: requestId, score: 0.25, labeled: 1 });
    const row = h.store.db
      .prepare("SELECT model, quality_score FROM gateway_ledger WHERE request_id = ? AND outcome = 'ok'")
      .get(requestId);
    assert.deepEqual({ ...(row as object) }, { model: 'gpt-4o', quality_score: 0.25 });
    const labeled = labeledRoutedPrompts(h.store.db, 0);
    assert.deepEqual(labeled.at(-1), { prompt: HARD, model: 'gpt-4o', score: 0.25 });
    // the labels train a router: only the model that answered is labeled
    const { examples } = examplesFromLabels(labeled, ['gpt-4o-mini', 'gpt-4o']);
    assert.ok(Number.isNaN(examples.at(-1)!.scores[0]));
    assert.equal(examples.at(-1)!.scores[1], 0.25);
  });

  test('bad router routes are config errors at startup', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"something else"}');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ router: join(dir, 'missing.json'), threshold: 0 }, /router file .*missing\.json/],
      [{ router: bad, threshold: 0 }, /not a Quadrant router file/],
      [{ router: routerPath }, /threshold or target_strong_share/],
      [{ router: routerPath, threshold: 0.1, target_strong_share: 0.3 }, /threshold or target_strong_share/],
      [{ threshold: 0.1 }, /router/],
    ];
    for (const [route, pattern] of cases) {
      await assert.rejects(
        () => startHarness(config(route)),
        (err: unknown) => isQuadrantError(err) && pattern.test(err.message),
        JSON.stringify(route),
      );
    }
  });
});
