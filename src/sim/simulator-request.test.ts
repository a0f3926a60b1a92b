import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebContext } from '../web/page.ts';
import { adminApi, page } from '../web/pages/simulator.ts';
import { parseSimulatorRequest, simulatorJson } from './simulator-request.ts';

describe('dashboard simulator', () => {
  it('parses the form: presets only, bounded runs, price cut as a fraction', () => {
    const r = parseSimulatorRequest({
      scenario: 'worst',
      months: '12',
      runs: '50',
      seed: '3',
      price_cut: '25',
    });
    assert.deepEqual(r, {
      scenario: 'worst',
      overrides: { months: 12, runs: 50, seed: 3, undercutPct: 0.25 },
    });
    assert.equal(parseSimulatorRequest({}).scenario, 'likely');
    assert.throws(() => parseSimulatorRequest({ scenario: '../etc/passwd' }), /unknown scenario/);
    assert.throws(() => parseSimulatorRequest({ runs: '6000' }), /at most 5000/);
    assert.throws(() => parseSimulatorRequest({ months: 'x' }), /months must be an integer/);
  });

  it('renders the page with one chart per measure and the outcome table', async () => {
    const html = await page.render(
      {} as WebContext,
      new URL('http://x/simulator?scenario=best&runs=30&months=6'),
    );
    assert.match(html, /id="sim-outcome"/);
    for (const id of ['share', 'price', 'cash', 'survival', 'hhi', 'avg-price', 'tokens', 'surplus'])
      assert.match(html, new RegExp(`id="sim-${id}-chart"`));
    assert.match(html, /<script type="application\/json" id="simulator-data">/);
    assert.equal(page.path, '/simulator');
    assert.equal(typeof adminApi['POST /api/simulate'], 'function');
  });

  it('the JSON of a request is reproducible', () => {
    const req = parseSimulatorRequest({ scenario: 'likely', runs: '20', months: '6', seed: '11' });
    const a = simulatorJson(req) as { elapsed_ms?: number };
    const b = simulatorJson(req) as { elapsed_ms?: number };
    delete a.elapsed_ms;
    delete b.elapsed_ms;
    assert.deepEqual(a, b);
  });
});
