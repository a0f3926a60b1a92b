import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apgr,
  cpt,
  oracleScores,
  pgrCurve,
  randomCurve,
  strongShareAtQuality,
  summarizeCurve,
} from './routing-metrics.ts';

// 4 prompts, worked by hand: weak accuracy 0.5, strong 0.75 (gap 0.25)
const outcomes = { weak: [1, 0, 1, 0], strong: [1, 1, 0, 1] };
const close = (a: number | null, b: number) => {
  assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);
};

describe('PGR curve', () => {
  it('sends the highest scores to the strong model first', () => {
    // order by score: #1 (+1), #3 (+1), #2 (−1), #0 (0)
    const curve = pgrCurve([0.1, 0.9, 0.2, 0.5], outcomes);
    assert.deepEqual(
      curve.map((p) => [p.strongShare, p.accuracy, p.pgr]),
      [
        [0, 0.5, 0],
        [0.25, 0.75, 1],
        [0.5, 1, 2],
        [0.75, 0.75, 1],
        [1, 0.75, 1],
      ],
    );
    assert.equal(curve[2].threshold, 0.5);
  });

  it('APGR is the trapezoid area under PGR', () => {
    // 0.25·(0+1)/2 + 0.25·(1+2)/2 + 0.25·(2+1)/2 + 0.25·(1+1)/2 = 1.125
    close(apgr(pgrCurve([0.1, 0.9, 0.2, 0.5], outcomes)), 1.125);
  });

  it('CPT interpolates the first crossing', () => {
    const curve = pgrCurve([0.1, 0.9, 0.2, 0.5], outcomes);
    close(cpt(curve, 0.5), 0.125);
    close(cpt(curve, 0.8), 0.2);
    close(cpt(curve, 1.5), 0.375);
    assert.equal(cpt(curve, 3), null);
    // 95% of strong accuracy = 0.7125, reached between share 0 (0.5) and 0.25 (0.75): 0.85 of the way
    close(strongShareAtQuality(curve, outcomes, 0.95), 0.2125);
  });

  it('equal scores form one step: all-equal scores are the random router (APGR 0.5)', () => {
    const curve = pgrCurve([3, 3, 3, 3], outcomes);
    assert.equal(curve.length, 2);
    close(apgr(curve), 0.5);
    close(cpt(curve, 0.5), 0.5);
    close(apgr(randomCurve(outcomes)), 0.5);
  });

  it('groups of ties are linear inside', () => {
    // {#0,#1}: 0 + 1 → share 0.5, PGR 1; {#2,#3}: −1 + 1 → share 1, PGR 1
    const curve = pgrCurve([1, 1, 0, 0], outcomes);
    assert.deepEqual(
      curve.map((p) => [p.strongShare, p.pgr]),
      [
        [0, 0],
        [0.5, 1],
        [1, 1],
      ],
    );
    close(apgr(curve), 0.75);
    close(cpt(curve, 0.5), 0.25);
  });

  it('the oracle sends exactly the strong-only wins first', () => {
    const scores = oracleScores(outcomes);
    assert.deepEqual([...scores], [0, 1, -1, 1]);
    const s = summarizeCurve(pgrCurve(scores, outcomes), outcomes);
    // {#1,#3} → share 0.5, acc 1 (PGR 2); {#0} → 0.75, acc 1; {#2} → 1, acc 0.75
    close(s.apgr, 0.5 * 1 + 0.25 * 2 + 0.25 * 1.5);
    assert.equal(s.max_accuracy, 1);
    assert.equal(s.max_accuracy_share, 0.5);
  });

  it('a router that prefers the wrong prompts scores below 0.5', () => {
    // order #0 (0), #2 (−1), #3 (+1), #1 (+1): PGR 0, 0, −1, 0, 1
    const curve = pgrCurve([0.9, 0.1, 0.8, 0.2], outcomes);
    assert.deepEqual(
      curve.map((p) => p.pgr),
      [0, 0, -1, 0, 1],
    );
    close(apgr(curve), 0.25 * 0 + 0.25 * -0.5 + 0.25 * -0.5 + 0.25 * 0.5);
    close(cpt(curve, 0.5), 0.875);
  });

  it('rejects mismatched inputs', () => {
    assert.throws(() => pgrCurve([1, 2], outcomes), RangeError);
    assert.throws(() => pgrCurve([], { weak: [], strong: [] }), RangeError);
  });
});
