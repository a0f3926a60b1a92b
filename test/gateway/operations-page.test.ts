/**
 * The dashboard's Operations page served by the running gateway: after real calls through the gateway, the
 * page shows the daily spend (chart + table) and the spend tables from the ledger, and /v1/quadrant/sla
 * reports the upstream. Runs on each store: embedded SQLite, and PostgreSQL + Redis (store-backends.ts), where
 * the page reads the shared ledger.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { decimalString } from '../../src/pricing/money.ts';
import { dashboardRoutes } from '../../src/web/index.ts';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { expectedCost, type Harness, startHarness, today } from './gateway-harness.ts';

for (const backend of await storeBackends()) {
  describe(`operations page over the gateway ledger (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    let emu: EmulatorHandle;
    let h: Harness;
    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('openai');
      h = await startHarness(
        {
          currency: 'USD',
          providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
          models: [{ id: 'gpt-4o', provider: 'oai' }],
        },
        {
          peers: (operations) =>
            dashboardRoutes({ catalog: loadCatalog(), operations, now: () => new Date() }),
          backend,
        },
      );
    });
    after(async () => {
      await h?.close();
      await emu?.close();
    });

    test('calls appear as daily spend by model, with the exact ledger sum', async () => {
      emu.setUsage({ inputTokens: 1000, outputTokens: 1000 });
      for (let i = 0; i < 2; i++) {
        await h
          .client()
          .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
      }
      emu.setUsage(null);
      const html = await (await fetch(`${h.gateway.url}/operations`)).text();
      assert.match(html, /Daily spend by model/);
      assert.match(html, /<svg/);
      // two calls of 1000 in + 1000 out at gpt-4o's catalog price today
      const day = today();
      const spend = decimalString(
        expectedCost(h.catalog, 'gpt-4o', day, { input: 1000, output: 1000 }).times(2),
      );
      assert.ok(
        html.includes(`<td>${day}</td><td>gpt-4o</td><td class="num">${spend}</td><td class="num">2</td>`),
        `daily spend row ${day} gpt-4o ${spend}`,
      );
      const sla = (await (await fetch(`${h.gateway.url}/v1/quadrant/sla`)).json()) as {
        upstreams: Array<{ provider: string; model: string; samples: number }>;
      };
      assert.equal(sla.upstreams[0].samples, 2);
    });
  });
}
