/**
 * The request observers the config asks for: the access log (`access_log`, default stdout) and, when an
 * OTLP endpoint is configured (`otel.endpoint` or OTEL_EXPORTER_OTLP_ENDPOINT), the tracer — loaded only then.
 */
import type { Writable } from 'node:stream';
import type { GatewayConfig } from '../config/config-schema.ts';
import { accessLogObserver } from './access-log.ts';
import { createLineWriter, type LineDestination } from './line-writer.ts';
import type { RequestObserver } from './request-summary.ts';

export interface ObserverOptions {
  /** Overrides `access_log` (tests pass 'off' or a stream). */
  accessLog?: LineDestination | Writable;
  now: () => number;
  log: (line: string) => void;
  /** Read for OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_SERVICE_NAME when the config has no `otel`. */
  env: Record<string, string | undefined>;
}

export async function createObservers(
  config: GatewayConfig,
  options: ObserverOptions,
): Promise<RequestObserver[]> {
  const observers: RequestObserver[] = [];
  const destination = options.accessLog ?? config.access_log;
  if (destination !== 'off') {
    const writer = createLineWriter(destination, {
      onError: (err) => options.log(`access log: ${err.message} (lines from now on are dropped)`),
    });
    observers.push(accessLogObserver(writer, options.now));
  }
  const endpoint = config.otel?.endpoint ?? options.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint) {
    const [{ OtlpExporter }, { tracingObserver }] = await Promise.all([
      import('./otlp-exporter.ts'),
      import('./request-spans.ts'),
    ]);
    const exporter = new OtlpExporter({
      endpoint,
      headers: config.otel?.headers,
      serviceName: config.otel?.service_name ?? options.env.OTEL_SERVICE_NAME ?? 'quadrant',
      onError: options.log,
    });
    const kinds = new Map(config.providers.map((p) => [p.id, p.kind]));
    observers.push(tracingObserver(exporter, (id) => kinds.get(id) ?? id));
  }
  return observers;
}
