/** Ledger rows for tests that write them: an `ok` attempt with the usage and timings those tests do not look at. */
import type { AttemptRecord } from '../../src/gateway/ledger/attempt-record.ts';

type Given = Pick<AttemptRecord, 'requestId' | 'ts' | 'keyId' | 'keyName' | 'cost'>;

/** An `ok` chat attempt of route/model `m` at provider `p` (3 input, 4 output tokens, USD), with `given` and `more`. */
export function okAttempt(given: Given, more: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    attempt: 1,
    route: 'm',
    model: 'm',
    provider: 'p',
    endpoint: 'chat',
    stream: false,
    status: 200,
    outcome: 'ok',
    usage: { inputTokens: 3, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 4, reasoningTokens: 0 },
    usageEstimated: false,
    currency: 'USD',
    latencyMs: 5,
    ttftMs: null,
    errorCode: null,
    ...given,
    ...more,
  };
}
