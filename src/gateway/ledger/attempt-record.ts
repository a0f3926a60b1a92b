/**
 * One upstream attempt, from the call to its ledger row: the attempt code records it (AttemptLog), the
 * ledger writes it (LedgerWriter, on this thread or the writer thread) with the one INSERT below.
 */
import { type Dec, decimalString } from '../../pricing/money.ts';
import type { Usage } from '../../providers/types.ts';

export type AttemptOutcome = 'ok' | 'error' | 'aborted' | 'partial';

export interface AttemptRecord {
  requestId: string;
  /** 1, 2, … within the request. */
  attempt: number;
  /** Epoch ms. */
  ts: number;
  keyId: string | null;
  keyName: string | null;
  route: string | null;
  model: string;
  provider: string;
  endpoint: 'chat' | 'embeddings';
  stream: boolean;
  /** HTTP status of the attempt (499: the client went away). */
  status: number;
  outcome: AttemptOutcome;
  usage: Usage | null;
  /** The usage is the gateway's estimate (the stream was cut before the provider reported any). */
  usageEstimated: boolean;
  /** Exact, in `currency`; null when the catalog cannot price the usage. Computed once per attempt. */
  cost: Dec | null;
  currency: string;
  latencyMs: number;
  ttftMs: number | null;
  errorCode: string | null;
}

export const INSERT_LEDGER_ROW = `INSERT INTO gateway_ledger(request_id, attempt, ts, key_id, key_name, route, model,
  provider, endpoint, stream, status, outcome, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
  reasoning_tokens, usage_estimated, cost, currency, latency_ms, ttft_ms, error_code)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export type LedgerValues = Array<string | number | null>;

/** The parameters of INSERT_LEDGER_ROW (plain values: they also cross to the writer thread). */
export function ledgerValues(r: AttemptRecord): LedgerValues {
  const u = r.usage;
  return [
    r.requestId,
    r.attempt,
    r.ts,
    r.keyId,
    r.keyName,
    r.route,
    r.model,
    r.provider,
    r.endpoint,
    r.stream ? 1 : 0,
    r.status,
    r.outcome,
    u?.inputTokens ?? 0,
    u?.cachedInputTokens ?? 0,
    u?.cacheWriteTokens ?? 0,
    u?.outputTokens ?? 0,
    u?.reasoningTokens ?? 0,
    r.usageEstimated ? 1 : 0,
    // nothing consumed costs 0; consumed but unpriceable is NULL
    r.cost === null ? (u ? null : '0') : decimalString(r.cost),
    r.currency,
    Math.round(r.latencyMs * 1000) / 1000,
    r.ttftMs === null ? null : Math.round(r.ttftMs * 1000) / 1000,
    r.errorCode,
  ];
}
