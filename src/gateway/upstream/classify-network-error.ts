/** Maps a failed upstream exchange (no HTTP status: connect error, reset, timeout) to what it means. */
import type { UpstreamErrorInfo } from '../../providers/types.ts';

export function classifyNetworkError(err: unknown): UpstreamErrorInfo {
  const e = err as { code?: string; name?: string; message?: string };
  const code = e?.code ?? '';
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
    return {
      status: 504,
      code: 'upstream_timeout',
      message: `upstream timed out waiting for the ${what}`,
      retryable: true,
    };
  }
  return {
    status: 502,
    code: 'upstream_error',
    message: `upstream connection failed: ${code ? `${code} ` : ''}${e?.message ?? String(err)}`.trim(),
    retryable: true,
  };
}

/** Failures that mean "this upstream is unhealthy" (outlier detection); 429 and 4xx do not. */
export function countsAsOutlierFailure(info: UpstreamErrorInfo): boolean {
  return (
    info.status >= 500 ||
    info.code === 'upstream_timeout' ||
    info.code === 'upstream_error' ||
    info.code === 'upstream_overloaded'
  );
}
