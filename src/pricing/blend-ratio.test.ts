import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dec } from './money.ts';
import { blendedPricePerMillion, formatBlendRatio, parseBlendRatio } from './units.ts';

test('blended price: 3:1 by default (Artificial Analysis), any INPUT:OUTPUT ratio on request', () => {
  assert.equal(blendedPricePerMillion(dec('5'), dec('15')).toString(), '7.5');
  assert.equal(blendedPricePerMillion(dec('5'), dec('15'), parseBlendRatio('1:1')).toString(), '10');
  assert.equal(
    blendedPricePerMillion(dec('0.15'), dec('0.6'), parseBlendRatio('10:1')).toFixed(),
    '0.19090909090909090909090909090909090909090909090909',
  );
  assert.equal(formatBlendRatio(parseBlendRatio(' 2 : 1 ')), '2:1');
});

test('a malformed blend ratio is a clear error', () => {
  for (const bad of ['3', 'x:y', '0:0', '-1:1', '3:1:1', '']) {
    assert.throws(() => parseBlendRatio(bad), /--blend must be INPUT:OUTPUT weights/, bad);
  }
});
