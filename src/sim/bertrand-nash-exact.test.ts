import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { focResidualAt, type NashProblem, solveBertrandNash } from './bertrand-nash.ts';

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

/** Two segments (weights 1 and 3, not normalised), three products, products 0 and 1 of one firm; α small → big markups. */
const problem: NashProblem = {
  costs: [1, 2, 1.5],
  firm: [0, 0, 1],
  segments: [
    { weight: 1, alpha: 0.1, outsideUtility: 0, delta: [1, 1.5, 0.5] },
    { weight: 3, alpha: 0.3, outsideUtility: -1, delta: [0.5, 1, 1] },
  ],
};

/** Demand-weighted logit shares at prices p, computed here independently. */
function sharesAt(p: ArrayLike<number>): number[] {
  const total = problem.segments.reduce((a, s) => a + s.weight, 0);
  const out = [0, 0, 0];
  for (const seg of problem.segments) {
    const e = [0, 1, 2].map((j) => Math.exp(seg.delta[j] - seg.alpha * p[j]));
    const den = Math.exp(seg.outsideUtility) + e[0] + e[1] + e[2];
    for (let j = 0; j < 3; j++) out[j] += (seg.weight / total) * (e[j] / den);
  }
  return out;
}

describe('Bertrand–Nash, exact values', () => {
  it('focResidualAt: r_j = s_j + Σ_{k same firm} (p_k − c_k) ∂s_k/∂p_j by hand, segment weights normalised', () => {
    // one product, one segment of weight 4, α = 1, δ = 0, u0 = 0, p = 1, c = 0: s = 1/(1 + e), r = s − s(1 − s) = s²
    const s = 1 / (1 + Math.E);
    const one: NashProblem = {
      costs: [0],
      firm: [0],
      segments: [{ weight: 4, alpha: 1, outsideUtility: 0, delta: [0] }],
    };
    close(focResidualAt(one, [1]), s * s);
    // two products of one firm, p = (1, 2), c = 0: s1 = e⁻¹/D, s2 = e⁻²/D, D = 1 + e⁻¹ + e⁻²
    //   r1 = s1 − 1·s1(1 − s1) + 2·s1·s2,  r2 = s2 + 1·s1·s2 − 2·s2(1 − s2); the residual is max |r|
    const D = 1 + Math.exp(-1) + Math.exp(-2);
    const [s1, s2] = [Math.exp(-1) / D, Math.exp(-2) / D];
    const r1 = s1 - s1 * (1 - s1) + 2 * s1 * s2;
    const r2 = s2 + s1 * s2 - 2 * s2 * (1 - s2);
    const two: NashProblem = {
      costs: [0, 0],
      firm: [7, 7],
      segments: [{ weight: 2, alpha: 1, outsideUtility: 0, delta: [0, 0] }],
    };
    close(focResidualAt(two, [1, 2]), Math.max(Math.abs(r1), Math.abs(r2)));
    // different firms: no cross term
    const apart: NashProblem = { ...two, firm: [0, 1] };
    close(focResidualAt(apart, [1, 2]), Math.max(Math.abs(s1 * s1), Math.abs(s2 - 2 * s2 * (1 - s2))));
  });

  it('stopped early: not converged, and shares, outside share and residual are those of the prices returned', () => {
    const sol = solveBertrandNash(problem, { maxIterations: 1 });
    assert.equal(sol.converged, false);
    assert.equal(sol.iterations, 1);
    const expected = sharesAt(sol.prices);
    for (let j = 0; j < 3; j++) close(sol.shares[j], expected[j]);
    close(sol.outsideShare, 1 - expected[0] - expected[1] - expected[2], 1e-12);
    close(sol.focResidual, focResidualAt(problem, sol.prices), 1e-9);
    assert.ok(sol.focResidual > 1e-6);
    // one step from the costs: p = c + ζ(c) = c + s(c)/Λ(c), all markups positive
    for (let j = 0; j < 3; j++) assert.ok(sol.prices[j] > problem.costs[j]);
  });

  it('stops at the first iterate with ‖p − c − ζ‖∞ ≤ tolerance·(1 + max markup), not one later', () => {
    const tolerance = 1e-6;
    const sol = solveBertrandNash(problem, { tolerance });
    assert.equal(sol.converged, true);
    assert.ok(sol.iterations > 2, `iterations ${sol.iterations}`);
    const markup = (p: ArrayLike<number>) =>
      Math.max(...[0, 1, 2].map((j) => Math.abs(p[j] - problem.costs[j])));
    assert.ok(sol.markupResidual <= tolerance * (1 + markup(sol.prices)) * (1 + 1e-9));
    // one iteration fewer: the gap then (measured before the last step, whose ζ the prices returned now carry)
    // was still above the bound, so the loose tolerance is not an equilibrium yet
    const before = solveBertrandNash(problem, { tolerance, maxIterations: sol.iterations - 1 });
    assert.equal(before.converged, false);
    assert.ok(
      before.markupResidual > tolerance * (1 + markup(before.prices)),
      `${before.markupResidual} vs ${tolerance * (1 + markup(before.prices))}`,
    );
    // a loose tolerance still converges although the first-order residual is far above 1e-12
    assert.ok(sol.focResidual > 1e-12);
  });

  it('no products or no segments is a RangeError', () => {
    assert.throws(
      () => solveBertrandNash({ costs: [], firm: [], segments: problem.segments }),
      new RangeError('solveBertrandNash: no products'),
    );
    assert.throws(
      () => solveBertrandNash({ ...problem, segments: [] }),
      new RangeError('solveBertrandNash: no segments'),
    );
  });
});
