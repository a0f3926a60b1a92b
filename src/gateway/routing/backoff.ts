/**
 * Fully jittered exponential backoff (Envoy): retry n (1-based) waits a random time in
 * [0, (2^n − 1) · base), capped; a provider's retry-after is honoured when it is within bounds.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  maxRetryAfterMs: number;
}

export function backoffDelayMs(
  retry: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min((2 ** retry - 1) * options.baseMs, options.capMs);
  return Math.floor(random() * ceiling);
}

/**
 * The wait before retrying the same upstream: retry-after when given and ≤ maxRetryAfterMs, else backoff.
 * Returns undefined when retry-after is longer than we are willing to wait (→ try the next candidate).
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) {
    return retryAfterMs <= options.maxRetryAfterMs ? retryAfterMs : undefined;
  }
  return backoffDelayMs(retry, options, random);
}
