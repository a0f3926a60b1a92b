/**
 * What one finished API request came to, for the access log and the trace: who asked (key name), what
 * (route, model asked, stream), what served it (last attempt's model and provider), the outcome (status,
 * error code), what it consumed (tokens and cost over all attempts) and how long it took. Built by
 * summarizeRequest from the request scope and its AttemptRecords — never from bodies or headers, so it holds
 * no prompt and no secret.
 */
import type { Dec } from '../../pricing/money.ts';
import type { AttemptRecord } from '../ledger/attempt-record.ts';

export interface RequestSummary {
  requestId: string;
  method: string;
  path: string;
  /** Epoch ms when the request arrived (the gateway clock). */
  startedAt: number;
  keyName: string | null;
  /** The route id, '-' when none was resolved. */
  route: string;
  /** The `model` the client asked for (at most 128 characters), null when none. */
  modelAsked: string | null;
  model: string | null;
  provider: string | null;
  stream: boolean;
  /** The output limit the client set (max_completion_tokens, max_tokens or max_output_tokens), else null. */
  maxTokens: number | null;
  /** The client's W3C `traceparent` header, if any (the trace continues it). */
  traceparent: string | null;
  /** The HTTP status answered; 499 when the client went away first. */
  status: number;
  errorCode: string | null;
  inputTokens: number;
  outputTokens: number;
  /** Over all attempts, in `currency`; null when something was consumed that the catalog cannot price. */
  cost: Dec | null;
  currency: string;
  latencyMs: number;
  attempts: readonly AttemptRecord[];
}

/** Something told about every finished API request (the access log, the tracer). Must not throw or block. */
export interface RequestObserver {
  requestEnded(summary: RequestSummary): void;
  /** Flushes what is buffered (on shutdown). */
  close(): Promise<void>;
}
