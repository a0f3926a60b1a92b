import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routingText, TargetShareThreshold } from './target-share.ts';

describe('target strong share', () => {
  it('uses the starting threshold until enough scores are in, then the matching quantile', () => {
    const t = new TargetShareThreshold({ target: 0.3, start: 0.5, window: 10, every: 5, minSamples: 10 });
    const scores = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const used = scores.map((s) => t.observe(s));
    assert.deepEqual(used.slice(0, 9), Array(9).fill(0.5));
    // 10 scores, 30% above: between 0.6 and 0.7
    assert.ok(Math.abs(used[9] - 0.65) < 1e-12);
    assert.equal(scores.filter((s) => s > used[9]).length, 3);
  });

  it('follows a shifting score distribution over its window', () => {
    const t = new TargetShareThreshold({ target: 0.5, window: 100, every: 10, minSamples: 20 });
    for (let i = 0; i < 200; i++) t.observe((i % 10) / 10); // uniform 0..0.9
    assert.ok(Math.abs(t.threshold - 0.45) < 1e-9, `${t.threshold}`);
    for (let i = 0; i < 200; i++) t.observe(5 + (i % 10) / 10); // shifted by 5
    assert.ok(Math.abs(t.threshold - 5.45) < 1e-9, `${t.threshold}`);
  });

  it('rejects a share outside [0, 1]', () => {
    assert.throws(() => new TargetShareThreshold({ target: 1.5 }), RangeError);
  });
});

describe('routing text', () => {
  it('is the last user message, text parts joined', () => {
    assert.equal(
      routingText([
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        {
          role: 'user',
          content: [{ type: 'text', text: 'solve x' }, { type: 'image_url' }, { type: 'text', text: 'now' }],
        },
      ]),
      'solve x\nnow',
    );
    assert.equal(routingText([{ role: 'system', content: 'x' }]), '');
  });
});
