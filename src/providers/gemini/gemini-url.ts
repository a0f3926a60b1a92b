/** Gemini URLs and headers. @module */
import { joinUrl } from '../shared/json.ts';
import type { UpstreamTarget } from '../types.ts';

/** `https://generativelanguage.googleapis.com` (version added) or `…/v1beta` → `…/v1beta/models/{m}:{method}`. */
export function geminiModelUrl(target: UpstreamTarget, method: string, query = ''): string {
  const base = /\/v1(?:alpha|beta)?\/?$/.test(target.baseUrl)
    ? target.baseUrl
    : joinUrl(target.baseUrl, '/v1beta');
  const model = target.upstreamModel.replace(/^models\//, '');
  return joinUrl(base, `/models/${encodeURIComponent(model)}:${method}${query}`);
}

export function geminiHeaders(target: UpstreamTarget, stream = false): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'x-goog-api-key': target.apiKey,
    ...target.headers,
  };
}
