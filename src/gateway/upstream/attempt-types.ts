/** What one upstream attempt came to; the attempt loop decides what happens next. */
import type { Dec } from '../../pricing/money.ts';
import type { UpstreamError, Usage } from '../../providers/types.ts';
import type { AttemptRecord } from '../ledger/attempt-record.ts';

export type AttemptResult =
  /** A complete JSON answer, not yet sent (the ledger is written first). */
  | { kind: 'json'; body: string; usage: Usage; cost: Dec | null; upstreamRequestId?: string }
  /** A stream whose bytes went to the client; `tail` (usage chunk, [DONE] or an error frame) is held back until the ledger commits. */
  | { kind: 'streamed'; tail: string; ok: boolean }
  /** Failed before anything reached the client. */
  | { kind: 'failed'; error: UpstreamError }
  /** The client went away (or the gateway is shutting down). */
  | { kind: 'aborted'; tail: string };

/**
 * What an attempt contributes to its AttemptRecord (the request's part — id, key, route, endpoint — comes from
 * the AttemptLog). `cost` when the response already priced its usage (the usage chunk), else computed once
 * from `usage`. `health`: true = success, false = a failure that counts for ejection, null = neither.
 */
export type AttemptReport = Pick<
  AttemptRecord,
  'status' | 'outcome' | 'usage' | 'usageEstimated' | 'latencyMs' | 'ttftMs' | 'errorCode'
> & { cost?: Dec | null; health: boolean | null };
