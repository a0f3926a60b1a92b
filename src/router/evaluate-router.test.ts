import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dec } from '../pricing/money.ts';
import { sampleCurve, savingsAtShares } from './evaluate-router.ts';
import { pgrCurve } from './routing-metrics.ts';
import { routedSavings } from './routing-savings.ts';

const costs = {
  weak: [new Dec('0.1'), new Dec('0.1'), new Dec('0.2')],
  strong: [new Dec('1'), new Dec('1'), new Dec('2')],
  currency: 'USD',
  tokens: { weak: 0, strong: 0 },
  tokenizers: { weak: 'x', strong: 'y' },
};

describe('savings in money', () => {
  it('routed cost against always-strong, exact decimals', () => {
    // always strong 4; routed: #2 strong (2) + #0, #1 weak (0.2) = 2.2; saves 1.8 = 45%
    const s = routedSavings(costs, [0, 0, 1]);
    assert.equal(s.always_strong_cost, '4');
    assert.equal(s.always_weak_cost, '0.4');
    assert.equal(s.routed_cost, '2.2');
    assert.equal(s.amount, '1.8');
    assert.equal(s.share, 0.45);
    assert.equal(s.strong_calls, 1);
  });

  it('along the ranking: all weak saves everything but the weak cost, all strong saves nothing', () => {
    const order = Int32Array.from([2, 0, 1]);
    assert.deepEqual(savingsAtShares(costs, order, [0, 1 / 3, 2 / 3, 1]), ['3.6', '1.8', '0.9', '0']);
  });
});

describe('curve sampling', () => {
  it('interpolates PGR linearly at the grid shares', () => {
    const curve = pgrCurve([0.1, 0.9, 0.2, 0.5], { weak: [1, 0, 1, 0], strong: [1, 1, 0, 1] });
    // points (0,0) (0.25,1) (0.5,2) (0.75,1) (1,1)
    assert.deepEqual(sampleCurve(curve, [0, 0.125, 0.5, 0.625, 1]), [0, 0.5, 2, 1.5, 1]);
  });
});
