/**
 * A finished request as OpenTelemetry spans with the GenAI semantic conventions: one SERVER span for the
 * request (continuing the client's `traceparent` when it sent one) and one CLIENT child span per upstream
 * attempt. Attribute values come from the RequestSummary only: no prompt, body or secret.
 */
import { randomBytes } from 'node:crypto';
import { moneyOutputString } from '../../pricing/money.ts';
import type { OtlpExporter, Span } from './otlp-exporter.ts';
import type { RequestObserver, RequestSummary } from './request-summary.ts';

/** `gen_ai.provider.name` for a provider kind (the convention's well-known values where there is one). */
const PROVIDER_NAME: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  deepseek: 'deepseek',
};

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/;

/** The GenAI operation of an API path (null for reads such as /v1/models). */
function operationOf(path: string): string | null {
  if (path === '/v1/embeddings') return 'embeddings';
  if (path === '/v1/chat/completions' || path === '/v1/responses' || path === '/v1/messages') return 'chat';
  return null;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export function requestSpans(s: RequestSummary, providerKind: (providerId: string) => string): Span[] {
  const parent = s.traceparent ? TRACEPARENT.exec(s.traceparent) : null;
  const traceId = parent && !/^0+$/.test(parent[1]!) ? parent[1]! : hex(16);
  const spanId = hex(8);
  const operation = operationOf(s.path);
  const system = s.provider ? (PROVIDER_NAME[providerKind(s.provider)] ?? providerKind(s.provider)) : null;
  const failed = s.status >= 400;
  const request: Span = {
    traceId,
    spanId,
    parentSpanId: parent ? parent[2] : undefined,
    name: operation ? `${operation} ${s.modelAsked ?? ''}`.trim() : `${s.method} ${s.path}`,
    kind: 'server',
    startMs: s.startedAt,
    endMs: s.startedAt + s.latencyMs,
    attributes: {
      'gen_ai.operation.name': operation,
      'gen_ai.provider.name': system,
      'gen_ai.system': system,
      'gen_ai.request.model': s.modelAsked,
      'gen_ai.response.model': s.model,
      'gen_ai.request.max_tokens': s.maxTokens,
      'gen_ai.usage.input_tokens': operation ? s.inputTokens : null,
      'gen_ai.usage.output_tokens': operation === 'chat' ? s.outputTokens : null,
      'http.request.method': s.method,
      'http.response.status_code': s.status,
      'url.path': s.path,
      'error.type': failed ? (s.errorCode ?? String(s.status)) : null,
      'quadrant.request_id': s.requestId,
      'quadrant.key': s.keyName,
      'quadrant.route': s.route,
      'quadrant.stream': s.stream,
      'quadrant.attempts': s.attempts.length,
      'quadrant.cost': s.cost === null ? null : moneyOutputString(s.cost),
      'quadrant.currency': s.currency,
    },
    error: failed ? (s.errorCode ?? `HTTP ${s.status}`) : undefined,
  };
  const spans = [request];
  for (const a of s.attempts) {
    const kind = providerKind(a.provider);
    const provider = PROVIDER_NAME[kind] ?? kind;
    const attemptFailed = a.outcome !== 'ok';
    spans.push({
      traceId,
      spanId: hex(8),
      parentSpanId: spanId,
      name: `${operation ?? a.endpoint} ${a.model}`,
      kind: 'client',
      startMs: a.ts - a.latencyMs,
      endMs: a.ts,
      attributes: {
        'gen_ai.operation.name': operation ?? a.endpoint,
        'gen_ai.provider.name': provider,
        'gen_ai.system': provider,
        'gen_ai.request.model': a.model,
        'gen_ai.response.model': a.model,
        'gen_ai.request.max_tokens': s.maxTokens,
        'gen_ai.usage.input_tokens': a.usage?.inputTokens ?? null,
        'gen_ai.usage.output_tokens': a.endpoint === 'chat' ? (a.usage?.outputTokens ?? null) : null,
        'http.response.status_code': a.status,
        'error.type': attemptFailed ? (a.errorCode ?? a.outcome) : null,
        'quadrant.provider': a.provider,
        'quadrant.attempt': a.attempt,
        'quadrant.outcome': a.outcome,
        'quadrant.usage_estimated': a.usage ? a.usageEstimated : null,
        'quadrant.ttft_ms': a.ttftMs,
        'quadrant.cost': a.cost === null ? null : moneyOutputString(a.cost),
      },
      error: attemptFailed ? (a.errorCode ?? a.outcome) : undefined,
    });
  }
  return spans;
}

/** The tracer as a request observer: spans of each request onto the exporter's queue. */
export function tracingObserver(
  exporter: OtlpExporter,
  providerKind: (providerId: string) => string,
): RequestObserver {
  return {
    requestEnded: (s) => exporter.add(requestSpans(s, providerKind)),
    close: () => exporter.flush(),
  };
}
