import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { requestCost } from '../../catalog/request-cost.ts';
import { decimalString } from '../../pricing/money.ts';
import { PriceBook } from './price-book.ts';

const RUNS = { numRuns: 300, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true };
const catalog = loadCatalog();
const ids = catalog.models().map((m) => m.id);
const DAY = 86_400_000;
const START = Date.parse('2024-01-01T00:00:00Z');

/** What the price book must answer: catalog/request-cost.ts, or null where it cannot price. */
function reference(id: string, currency: string, now: number, u: number[]): string | null {
  const [input, cached, cacheWrite, output] = u;
  try {
    return decimalString(
      requestCost(catalog, {
        model: id,
        date: new Date(now).toISOString().slice(0, 10),
        currency,
        inputTokens: Math.max(input, cached + cacheWrite),
        cachedInputTokens: cached,
        cacheWriteTokens: cacheWrite,
        outputTokens: output,
        allowOverLimit: true,
      }).totalCost,
    );
  } catch {
    return null;
  }
}

test('property: the price book (cached prices, scaled integers) costs exactly as requestCost, every model, currency and day', () => {
  const book = new PriceBook(catalog);
  fc.assert(
    fc.property(
      fc.constantFrom(...ids),
      fc.constantFrom('USD', 'CNY', 'EUR'),
      fc.integer({ min: 0, max: 1000 }),
      fc.array(fc.integer({ min: 0, max: 3_000_000 }), { minLength: 4, maxLength: 4 }),
      (id, currency, day, u) => {
        const now = START + day * DAY + 3_600_000;
        const usage = {
          inputTokens: u[0],
          cachedInputTokens: u[1],
          cacheWriteTokens: u[2],
          outputTokens: u[3],
          reasoningTokens: 0,
        };
        const actual = book.actualCost(id, usage, currency, now);
        assert.equal(actual === null ? null : decimalString(actual), reference(id, currency, now, u));
        const worst = reference(id, currency, now, [u[0], 0, 0, u[3]]);
        let got: string | null;
        try {
          got = decimalString(book.worstCaseCost(id, u[0], u[3], currency, now));
        } catch {
          got = null;
        }
        assert.equal(got, worst);
      },
    ),
    RUNS,
  );
});
