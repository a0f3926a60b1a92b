/** What one upstream attempt came to; the attempt loop decides what happens next. */
import type { Dec } from '../../pricing/money.ts';
import type { UpstreamErrorInfo, Usage } from '../../providers/types.ts';

export type AttemptResult =
  /** A complete JSON answer, not yet sent (the ledger is written first). */
  | { kind: 'json'; body: string; usage: Usage; cost: Dec | null; upstreamRequestId?: string }
  /** A stream whose bytes went to the client; `tail` (usage chunk, [DONE] or an error frame) is held back until the ledger commits. */
  | { kind: 'streamed'; tail: string; ok: boolean }
  /** Failed before anything reached the client. */
  | { kind: 'failed'; error: UpstreamErrorInfo }
  /** The client went away (or the gateway is shutting down). */
  | { kind: 'aborted'; tail: string };
