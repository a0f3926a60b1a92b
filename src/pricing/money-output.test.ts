import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dec, MONEY_OUTPUT_PLACES, moneyOutputString } from './money.ts';

test('money is rounded once at the output boundary: 12 places, half-even, trailing zeros trimmed', () => {
  assert.equal(MONEY_OUTPUT_PLACES, 12);
  // the FX-converted cost from issue 11
  assert.equal(
    moneyOutputString(dec('0.0000064806904881138244911185082628803723451262261760978')),
    '0.00000648069',
  );
  assert.equal(moneyOutputString(dec('0.0000000000005')), '0', 'half to even (down)');
  assert.equal(moneyOutputString(dec('0.0000000000015')), '0.000000000002', 'half to even (up)');
  assert.equal(moneyOutputString(dec('12.5')), '12.5');
  assert.equal(moneyOutputString(dec('1')), '1');
});
