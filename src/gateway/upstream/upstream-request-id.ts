/**
 * The provider's own id for a request, from its response headers (OpenAI/Ark/DashScope `x-request-id`,
 * Anthropic `request-id`, DeepSeek `x-ds-trace-id`, Google `x-goog-request-id`), passed to the client as
 * `x-upstream-request-id` so a provider's support can find the call.
 * @module
 */
const HEADERS = ['request-id', 'x-request-id', 'x-ds-trace-id', 'x-goog-request-id', 'x-acs-request-id'];

export function upstreamRequestId(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  for (const name of HEADERS) {
    const value = headers[name];
    const text = Array.isArray(value) ? value[0] : value;
    // a header value echoed to the client: printable ASCII only, bounded
    if (typeof text === 'string' && /^[\x21-\x7e]{1,200}$/.test(text)) return text;
  }
  return undefined;
}
