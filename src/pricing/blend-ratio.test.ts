import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isQuadrantError } from '../errors.ts';
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

test('blend ratios with decimals on either side; the error names the --blend parameter', () => {
  assert.deepEqual(parseBlendRatio('1.25:1'), { input: 1.25, output: 1 });
  assert.deepEqual(parseBlendRatio('3:0.75'), { input: 3, output: 0.75 });
  assert.deepEqual(parseBlendRatio('12:10'), { input: 12, output: 10 });
  assert.throws(
    () => parseBlendRatio('1.:1'),
    (e: unknown) => isQuadrantError(e) && e.code === 'invalid_argument' && e.param === 'blend',
  );
});

test('blended price: a zero weight picks the other price; negative or all-zero weights are a RangeError', () => {
  // (0·2 + 1·8) / 1 = 8 and (1·2 + 0·8) / 1 = 2
  assert.equal(blendedPricePerMillion(dec('2'), dec('8'), { input: 0, output: 1 }).toString(), '8');
  assert.equal(blendedPricePerMillion(dec('2'), dec('8'), { input: 1, output: 0 }).toString(), '2');
  for (const ratio of [
    { input: -1, output: 2 },
    { input: 2, output: -1 },
    { input: 0, output: 0 },
  ]) {
    assert.throws(
      () => blendedPricePerMillion(dec('2'), dec('8'), ratio),
      new RangeError('blend ratio weights must be non-negative and not both zero'),
    );
  }
});
