/**
 * A small OTLP/HTTP JSON trace exporter (POST <endpoint>/v1/traces): spans are queued (bounded: past
 * `maxQueue` they are dropped and counted), sent in batches of up to `maxBatch` every `flushMs` or as soon
 * as a batch is full, one request in flight at a time, each with a timeout. A slow or absent collector costs
 * a request nothing: `add` only pushes onto the queue, and a failed export is reported once, then dropped.
 */

export type AttributeValue = string | number | boolean;

export interface Span {
  /** 32 hex digits. */
  traceId: string;
  /** 16 hex digits. */
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 'server' | 'client' | 'internal';
  /** Epoch ms (fractions allowed). */
  startMs: number;
  endMs: number;
  attributes: Record<string, AttributeValue | null | undefined>;
  /** An error status and its message; unset otherwise. */
  error?: string;
}

export interface OtlpExporterOptions {
  /** The collector's base URL (http://host:4318); spans go to <endpoint>/v1/traces. */
  endpoint: string;
  headers?: Record<string, string>;
  serviceName: string;
  serviceVersion?: string;
  flushMs?: number;
  maxBatch?: number;
  maxQueue?: number;
  timeoutMs?: number;
  /** Reported once per failure streak. */
  onError?: (message: string) => void;
}

const KIND = { internal: 1, server: 2, client: 3 } as const;

function otlpValue(v: AttributeValue): Record<string, unknown> {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

function nanos(ms: number): string {
  return (BigInt(Math.floor(ms)) * 1_000_000n + BigInt(Math.round((ms % 1) * 1e6))).toString();
}

/** One span in OTLP JSON (ids as hex, times as nanosecond strings, attributes as key/value pairs). */
export function toOtlpSpan(span: Span): Record<string, unknown> {
  const attributes: Array<{ key: string; value: Record<string, unknown> }> = [];
  for (const key in span.attributes) {
    const v = span.attributes[key];
    if (v !== null && v !== undefined) attributes.push({ key, value: otlpValue(v) });
  }
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    name: span.name,
    kind: KIND[span.kind],
    startTimeUnixNano: nanos(span.startMs),
    endTimeUnixNano: nanos(Math.max(span.endMs, span.startMs)),
    attributes,
    status: span.error === undefined ? { code: 0 } : { code: 2, message: span.error },
  };
}

export class OtlpExporter {
  private queue: Span[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private failing = false;
  private readonly url: string;
  private readonly flushMs: number;
  private readonly maxBatch: number;
  private readonly maxQueue: number;
  /** Spans dropped (queue full, or the collector failed). */
  dropped = 0;
  /** Spans the collector accepted. */
  exported = 0;

  constructor(private readonly options: OtlpExporterOptions) {
    this.url = `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
    this.flushMs = options.flushMs ?? 1000;
    this.maxBatch = options.maxBatch ?? 512;
    this.maxQueue = options.maxQueue ?? 4096;
  }

  add(spans: readonly Span[]): void {
    for (const span of spans) {
      if (this.queue.length >= this.maxQueue) this.dropped++;
      else this.queue.push(span);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.inFlight || this.queue.length === 0) return;
    if (this.queue.length >= this.maxBatch) this.send();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.inFlight) this.send();
      }, this.flushMs);
      this.timer.unref();
    }
  }

  /** Sends everything queued (batch by batch) and waits for it. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight || this.queue.length > 0) {
      if (!this.inFlight) this.send();
      await this.inFlight;
    }
  }

  private send(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    this.inFlight = this.post(batch).finally(() => {
      this.inFlight = undefined;
      this.schedule();
    });
  }

  private async post(batch: Span[]): Promise<void> {
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: this.options.serviceName } },
              ...(this.options.serviceVersion
                ? [{ key: 'service.version', value: { stringValue: this.options.serviceVersion } }]
                : []),
            ],
          },
          scopeSpans: [{ scope: { name: 'quadrant-gateway' }, spans: batch.map(toOtlpSpan) }],
        },
      ],
    });
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.options.headers },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.exported += batch.length;
      this.failing = false;
    } catch (err) {
      this.dropped += batch.length;
      if (!this.failing) {
        this.failing = true;
        const why = err instanceof Error ? err.message : String(err);
        this.options.onError?.(
          `OTLP export to ${this.url} failed (${why}); spans are dropped until it works`,
        );
      }
    }
  }
}
