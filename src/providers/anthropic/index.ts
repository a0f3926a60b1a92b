/**
 * Anthropic Messages API adapter (`POST /v1/messages`, `x-api-key`, `anthropic-version: 2023-06-01`).
 * @module
 */
import { joinUrl } from '../shared/json.ts';
import type { ProviderAdapter } from '../types.ts';
import { ANTHROPIC_PARAMETERS } from './anthropic-parameters.ts';
import { AnthropicStreamTranslator } from './anthropic-stream-translator.ts';
import { buildAnthropicBody } from './convert-to-anthropic-messages.ts';
import { mapAnthropicError } from './map-anthropic-error.ts';
import { parseAnthropicResponse } from './parse-anthropic-response.ts';

export const ANTHROPIC_VERSION = '2023-06-01';

/** `https://api.anthropic.com` or `…/v1` → the messages URL. */
export function anthropicMessagesUrl(baseUrl: string): string {
  return /\/v1\/?$/.test(baseUrl) ? joinUrl(baseUrl, '/messages') : joinUrl(baseUrl, '/v1/messages');
}

export const anthropicAdapter: ProviderAdapter = {
  kind: 'anthropic',
  buildChatRequest(request, target) {
    const stream = request.stream === true;
    return {
      method: 'POST',
      url: anthropicMessagesUrl(target.baseUrl),
      headers: {
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
        'x-api-key': target.apiKey,
        'anthropic-version': ANTHROPIC_VERSION,
        ...target.headers,
      },
      body: JSON.stringify(buildAnthropicBody(request, target.upstreamModel, target.maxOutputTokens)),
    };
  },
  parseChatResponse: parseAnthropicResponse,
  createStreamTranslator: (options) => new AnthropicStreamTranslator(options),
  parameters: ANTHROPIC_PARAMETERS,
  parseError: mapAnthropicError,
};

export { AnthropicStreamTranslator } from './anthropic-stream-translator.ts';
