import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isQuadrantError } from '../errors.ts';
import { CandidateRouter } from './route-decision.ts';
import { RouterRoutePolicy } from './route-policy.ts';
import { SuccessModel, trainSuccessModel } from './success-model.ts';

const examples = Array.from({ length: 300 }, (_, i) => {
  const hard = i % 3 === 0;
  return {
    prompt: hard ? `Compute the integral number ${i} of x^${i % 7} dx` : `Name the capital of country ${i}`,
    scores: [hard ? 0 : 1, 1],
  };
});
const model = trainSuccessModel(examples, ['data-weak', 'data-strong'], { bits: 14, epochs: 4, seed: 1 });
const router = {
  model,
  training: { examples: 300, seed: 1, epochs: 4, learning_rate: 0.05, l2: 1e-6, source: 'test' },
};
const HARD = 'Compute the integral number 1001 of x^2 dx';
const EASY = 'Name the capital of country 1001';

describe('router route policy', () => {
  it('maps gateway candidates to the router models by position and orders the fallback after the choice', () => {
    const policy = new RouterRoutePolicy(router, {
      routeId: 'r',
      candidates: ['cheap', 'strong'],
      threshold: 0.2,
    });
    assert.deepEqual(policy.choose(HARD).order, [1, 0]);
    const easy = policy.choose(EASY);
    assert.deepEqual(easy.order, [0, 1]);
    assert.match(easy.header, /^cheap; p=0\.\d{3}; score=-?\d\.\d{3}; threshold=0\.200$/);
  });

  it('matches by name when the candidates are the router models', () => {
    const policy = new RouterRoutePolicy(router, {
      routeId: 'r',
      candidates: ['data-weak', 'data-strong'],
      threshold: 0.2,
    });
    assert.equal(policy.choose(HARD).order[0], 1);
  });

  it('target_strong_share keeps the strong share near the target', () => {
    const policy = new RouterRoutePolicy(router, {
      routeId: 'r',
      candidates: ['cheap', 'strong'],
      targetStrongShare: 0.5,
    });
    let strong = 0;
    for (let i = 0; i < 400; i++) {
      // a third are hard; the controller must also send some easy prompts to reach half
      const text =
        i % 3 === 0
          ? `Compute the integral number ${i + 5000} of x dx`
          : `Name the capital of country ${i + 5000}`;
      if (policy.choose(text).order[0] === 1) strong++;
    }
    assert.ok(Math.abs(strong / 400 - 0.5) < 0.1, `strong share ${strong / 400}`);
  });

  it('a route whose candidates do not fit the router is a config error', () => {
    assert.throws(
      () => new RouterRoutePolicy(router, { routeId: 'r', candidates: ['a', 'b', 'c'], threshold: 0 }),
      (err: unknown) =>
        isQuadrantError(err) && err.code === 'invalid_config' && /route "r"/.test(err.message),
    );
  });
});

describe('candidate choice among three', () => {
  it('picks the cheapest candidate within the threshold of the best later one', () => {
    // bias weights only: p = sigmoid(w) → 0.5, 0.73, 0.88 for models 0, 1, 2
    const m = new SuccessModel(['a', 'b', 'c'], 8);
    m.weights[0] = 0;
    m.weights[1] = 1;
    m.weights[2] = 2;
    const r = new CandidateRouter(m, ['a', 'b', 'c']);
    assert.equal(r.decide('x', 0.5).choice, 0); // 0.88 − 0.5 ≤ 0.5
    assert.equal(r.decide('x', 0.2).choice, 1); // a loses 0.38; b loses 0.15
    assert.equal(r.decide('x', 0.1).choice, 2);
  });
});
