/**
 * The simulator off the event loop (issue 10, attack 6): `GET /simulator?runs=5000&months=120` blocked the whole
 * gateway ~6 s (/healthz included) and kept ~375 MB per result. Now the simulation runs in a worker thread:
 * /healthz answers while it runs, a second simulation meanwhile gets 429 `busy`, a simulation beyond
 * runs × months × vendors is refused with 400 naming the cap, and kept results are bounded in bytes.
 *
 * Store-independent (the simulator's worker thread): runs on the embedded store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { KEPT_RESULTS_MAX_BYTES, simulatorRunner, WEB_MAX_WORK } from '../../src/sim/simulator-runner.ts';
import { dashboardRoutes } from '../../src/web/index.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

describe('simulator in a worker', () => {
  let h: Harness;
  before(async () => {
    const catalog = loadCatalog();
    h = await startHarness(
      {},
      { catalog, peers: (operations) => dashboardRoutes({ catalog, operations, now: () => new Date() }) },
    );
  });
  after(() => h.close());

  const simulate = (body: Record<string, unknown>) =>
    fetch(`${h.gateway.url}/api/simulate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('beyond runs × months × vendors: 400 naming the cap (the old 5000 × 120 reproduction)', async () => {
    for (const res of [
      await simulate({ scenario: 'likely', runs: 5000, months: 120 }),
      await fetch(`${h.gateway.url}/simulator?runs=5000&months=120`),
      await fetch(`${h.gateway.url}/api/simulate.csv?runs=5000&months=120`),
    ]) {
      assert.equal(res.status, 400);
      const text = await res.text();
      assert.match(
        text,
        /runs × months × vendors = 5,000 × 120 × \d+ = [\d,]+, above the limit of 2,000,000/,
      );
    }
    assert.equal(WEB_MAX_WORK, 2_000_000);
  });

  test('/healthz answers while a simulation runs; a second simulation meanwhile gets 429 busy', async () => {
    let done = false;
    // the biggest run under the cap: seconds of work in the worker
    const big = simulate({ scenario: 'likely', runs: 3000, months: 36, seed: 7 }).then(async (r) => {
      done = true;
      return { status: r.status, body: await r.text() };
    });
    while (!simulatorRunner.busy) await new Promise((r) => setTimeout(r, 5));
    const waits: number[] = [];
    for (let i = 0; i < 5 && !done; i++) {
      const t0 = performance.now();
      const res = await fetch(`${h.gateway.url}/healthz`);
      waits.push(performance.now() - t0);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    const second = await simulate({ scenario: 'worst', runs: 10, months: 6 });
    const secondBody = (await second.json()) as { error: { code: string; message: string } };
    const stillRunning = !done;
    const first = await big;
    assert.equal(first.status, 200, first.body.slice(0, 300));
    assert.ok(stillRunning, 'the simulation was still running when the second one was asked');
    assert.equal(second.status, 429);
    assert.equal(secondBody.error.code, 'busy');
    assert.ok(second.headers.get('retry-after'));
    assert.ok(waits.length > 0, 'healthz was asked while the simulation ran');
    // the event loop is free: a /healthz round trip, not the seconds of the simulation (generous on a loaded host)
    assert.ok(Math.max(...waits) < 1000, `healthz waits ${waits.map((w) => w.toFixed(0)).join(', ')} ms`);
    process.stdout.write(
      `# healthz during a 3000-run simulation: ${waits.map((w) => w.toFixed(1)).join(', ')} ms\n`,
    );
    // the same request again is served from the kept results (no worker, no busy)
    const again = await simulate({ scenario: 'likely', runs: 3000, months: 36, seed: 7 });
    assert.equal(again.status, 200);
    assert.equal(await again.text(), first.body);
  });

  test('kept results are summaries, bounded in bytes', () => {
    assert.ok(simulatorRunner.kept.size >= 1);
    assert.ok(simulatorRunner.kept.bytes <= KEPT_RESULTS_MAX_BYTES);
    // one 3000-run result is kept in well under a few MB (was ~375 MB with the per-run paths)
    assert.ok(simulatorRunner.kept.bytes < 8 * 1024 * 1024, `${simulatorRunner.kept.bytes} bytes kept`);
    process.stdout.write(
      `# kept: ${simulatorRunner.kept.size} results, ${simulatorRunner.kept.bytes} bytes\n`,
    );
  });
});
