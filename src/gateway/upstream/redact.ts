/**
 * Upstream error text goes to clients only redacted: network addresses (URLs, IPs, host:port) and anything
 * that looks like a credential (the configured provider keys, bearer tokens, sk-… keys, key=… parameters) are
 * replaced, so an error never tells a client where the upstreams live or what they are called with.
 */
const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
const IPV4_RE = /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g;
const IPV6_RE = /\[[0-9a-f:.]*:[0-9a-f:.]*\](?::\d{1,5})?|\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b/gi;
const HOST_PORT_RE = /\b(?:[a-z0-9-]+\.)*[a-z0-9-]+:\d{2,5}\b/gi;
const BEARER_RE = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const KEY_LIKE_RE = /\b(?:sk|pk|rk|qk|key|api|tok)[-_][A-Za-z0-9._-]{8,}/gi;
const PARAM_RE = /\b(api[_-]?key|key|token|secret|password|access[_-]?token)=([^\s&"']+)/gi;

export function redactUpstreamText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[secret]');
  return out
    .replace(URL_RE, '[address]')
    .replace(BEARER_RE, '$1 [secret]')
    .replace(PARAM_RE, '$1=[secret]')
    .replace(KEY_LIKE_RE, '[secret]')
    .replace(IPV6_RE, '[address]')
    .replace(IPV4_RE, '[address]')
    .replace(HOST_PORT_RE, '[address]');
}
