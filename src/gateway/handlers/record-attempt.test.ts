import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dec } from '../../pricing/money.ts';
import type { Usage } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';
import type { AttemptReport } from '../upstream/attempt-types.ts';
import { type RequestStamp, recordAttempt } from './record-attempt.ts';

const NOW = Date.parse('2024-07-01T12:00:00Z');
const USAGE: Usage = {
  inputTokens: 1000,
  cachedInputTokens: 200,
  cacheWriteTokens: 100,
  outputTokens: 50,
  reasoningTokens: 5,
};
const stamp: RequestStamp = {
  requestId: 'req-1',
  attempt: 2,
  keyId: 'k1',
  keyName: 'team',
  route: 'cheap',
  endpoint: 'chat',
  stream: true,
};
const candidate = {
  modelId: 'fast',
  catalogId: 'cat-fast',
  provider: { id: 'acme' },
  healthKey: 'acme|fast',
} as unknown as ResolvedModel;

/** A context that records what recordAttempt tells the price book, outlier detector, SLA tracker and metrics. */
function fakeContext() {
  const calls: Array<[string, ...unknown[]]> = [];
  const ctx = {
    config: { currency: 'CNY' },
    now: () => NOW,
    priceBook: {
      actualCost: (...args: unknown[]) => {
        calls.push(['actualCost', ...args]);
        return dec('0.0123');
      },
    },
    outliers: {
      recordSuccess: (key: string) => calls.push(['success', key]),
      recordFailure: (key: string) => calls.push(['failure', key]),
    },
    sla: { record: (sample: unknown) => calls.push(['sla', sample]) },
    metrics: { attempt: (m: unknown) => calls.push(['metrics', m]) },
  } as unknown as GatewayContext;
  return { ctx, calls };
}

const report = (r: Partial<AttemptReport>): AttemptReport => ({
  status: 200,
  outcome: 'ok',
  usage: USAGE,
  usageEstimated: false,
  latencyMs: 420,
  ttftMs: 90,
  errorCode: null,
  health: true,
  ...r,
});

test('a successful attempt: priced once from its usage, recorded whole, healthy, sampled and counted', () => {
  const { ctx, calls } = fakeContext();
  const record = recordAttempt(ctx, stamp, candidate, report({}));
  assert.deepEqual(record, {
    ...stamp,
    ts: NOW,
    model: 'fast',
    provider: 'acme',
    status: 200,
    outcome: 'ok',
    usage: USAGE,
    usageEstimated: false,
    cost: dec('0.0123'),
    currency: 'CNY',
    latencyMs: 420,
    ttftMs: 90,
    errorCode: null,
  });
  assert.deepEqual(calls, [
    ['actualCost', 'cat-fast', USAGE, 'CNY', NOW],
    ['success', 'acme|fast'],
    ['sla', { provider: 'acme', model: 'fast', ok: true, latencyMs: 420, ttftMs: 90, outputTokens: 50 }],
    [
      'metrics',
      {
        provider: 'acme',
        model: 'fast',
        outcome: 'ok',
        latencyMs: 420,
        ttftMs: 90,
        cost: 0.0123,
        currency: 'CNY',
        inputTokens: 1000,
        outputTokens: 50,
      },
    ],
  ]);
});

test('a cost the response already priced is kept (even null); no usage means no cost', () => {
  const priced = fakeContext();
  assert.equal(recordAttempt(priced.ctx, stamp, candidate, report({ cost: dec('7') })).cost?.toString(), '7');
  assert.equal(recordAttempt(priced.ctx, stamp, candidate, report({ cost: null })).cost, null);
  assert.equal(priced.calls.filter(([name]) => name === 'actualCost').length, 0);
  const none = fakeContext();
  const record = recordAttempt(none.ctx, stamp, candidate, report({ usage: null, ttftMs: null }));
  assert.equal(record.cost, null);
  assert.deepEqual(
    none.calls.filter(([name]) => name !== 'success'),
    [
      [
        'sla',
        {
          provider: 'acme',
          model: 'fast',
          ok: true,
          latencyMs: 420,
          ttftMs: undefined,
          outputTokens: undefined,
        },
      ],
      [
        'metrics',
        {
          provider: 'acme',
          model: 'fast',
          outcome: 'ok',
          latencyMs: 420,
          ttftMs: null,
          cost: null,
          currency: 'CNY',
          inputTokens: 0,
          outputTokens: 0,
        },
      ],
    ],
  );
});

test('an unhealthy attempt is a failure for outlier detection and the SLA; health null counts for neither', () => {
  const failed = fakeContext();
  recordAttempt(
    failed.ctx,
    stamp,
    candidate,
    report({ status: 502, outcome: 'error', health: false, usage: null }),
  );
  assert.deepEqual(
    failed.calls.filter(([name]) => name === 'failure' || name === 'success' || name === 'sla'),
    [
      ['failure', 'acme|fast'],
      [
        'sla',
        { provider: 'acme', model: 'fast', ok: false, latencyMs: 420, ttftMs: 90, outputTokens: undefined },
      ],
    ],
  );
  const aborted = fakeContext();
  recordAttempt(aborted.ctx, stamp, candidate, report({ status: 499, outcome: 'aborted', health: null }));
  assert.deepEqual(
    aborted.calls.map(([name]) => name),
    ['actualCost', 'metrics'],
  );
});
