import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeLabels, textWidth } from './label-placement.ts';

test('a lone point is labelled to its right, vertically centred', () => {
  const [p] = placeLabels([{ x: 100, y: 100, text: 'gpt-4o' }], { width: 400, height: 300 });
  assert.deepEqual(p, { x: 108, y: 100, leader: false, lineX: 107 });
});

test('the second of two coincident points goes elsewhere; the first in order keeps the best place', () => {
  const [a, b] = placeLabels(
    [
      { x: 100, y: 100, text: 'first' },
      { x: 100, y: 100, text: 'second' },
    ],
    { width: 400, height: 300 },
  );
  assert.equal(a?.x, 108);
  assert.ok(b);
  assert.notDeepEqual([b.x, b.y], [a?.x, a?.y]);
});

test('labels stay inside the plot and out of obstacles; no room means no label', () => {
  const [right] = placeLabels([{ x: 395, y: 100, text: 'edge' }], { width: 400, height: 300 });
  assert.ok(right && right.x + textWidth('edge', 10) <= 400 && right.x < 395);
  const [blocked] = placeLabels([{ x: 10, y: 10, text: 'corner' }], {
    width: 400,
    height: 300,
    obstacles: [{ x0: 0, y0: 0, x1: 200, y1: 40 }],
  });
  assert.ok(blocked && blocked.y - 6 >= 40, 'placed below the caption');
  const [none] = placeLabels([{ x: 10, y: 10, text: 'a-very-long-model-name' }], { width: 40, height: 20 });
  assert.equal(none, null);
});
