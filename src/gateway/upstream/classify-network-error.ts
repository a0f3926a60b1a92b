/** Maps a failed upstream exchange (no HTTP status: connect error, reset, timeout) to what it means. */
import { UpstreamError } from '../../providers/shared/upstream-error.ts';

export function classifyNetworkError(err: unknown): UpstreamError {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = 'code' in e && typeof e.code === 'string' ? e.code : '';
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    const what =
      code === 'UND_ERR_HEADERS_TIMEOUT'
        ? 'first byte'
        : code === 'UND_ERR_BODY_TIMEOUT'
          ? 'next chunk'
          : 'connect';
    return new UpstreamError({
      status: 504,
      code: 'upstream_timeout',
      message: `upstream timed out waiting for the ${what}`,
      retryable: true,
    });
  }
  return new UpstreamError({
    status: 502,
    code: 'upstream_error',
    message: `upstream connection failed: ${code ? `${code} ` : ''}${e.message}`.trim(),
    retryable: true,
  });
}

/** Failures that mean "this upstream is unhealthy" (outlier detection); 429 and 4xx do not. */
export function countsAsOutlierFailure(error: UpstreamError): boolean {
  return (
    error.upstreamStatus >= 500 ||
    error.code === 'upstream_timeout' ||
    error.code === 'upstream_error' ||
    error.code === 'upstream_overloaded'
  );
}
