/**
 * Canonical (OpenAI) chat request → an OpenAI-style upstream request. Streaming always asks for usage.
 * @module
 */

import { spread } from '../../spread.ts';
import { isObject, joinUrl } from '../shared/json.ts';
import type { ChatRequest, UpstreamHttpRequest, UpstreamTarget } from '../types.ts';
import type { OpenAICompatibleQuirks } from './openai-compatible-quirks.ts';

export function openAIHeaders(target: UpstreamTarget, stream: boolean): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    authorization: `Bearer ${target.apiKey}`,
    ...target.headers,
  };
}

function convertMessage(
  message: Record<string, unknown>,
  quirks: OpenAICompatibleQuirks,
): Record<string, unknown> {
  let converted = message;
  if (quirks.developerAsSystem && message.role === 'developer') converted = { ...converted, role: 'system' };
  const content = message.content;
  if (quirks.flattenTextParts && Array.isArray(content) && content.every(isTextPart)) {
    converted = { ...converted, content: content.map((part) => part.text).join('') };
  }
  return converted;
}

function isTextPart(part: unknown): part is { type: 'text'; text: string } {
  return isObject(part) && part.type === 'text' && typeof part.text === 'string';
}

export function buildOpenAIChatBody(request: ChatRequest, model: string, quirks: OpenAICompatibleQuirks) {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) {
    if (value !== null && value !== undefined) body[key] = value;
  }
  body.model = model;
  delete body.thinking_budget_tokens; // the gateway's own field (an Anthropic-inbound thinking budget)
  if (quirks.developerAsSystem || quirks.flattenTextParts) {
    body.messages = request.messages.map((message) => convertMessage(message, quirks));
  }
  if (request.stream === true) {
    body.stream_options = spread(request.stream_options ?? {}, { include_usage: true });
  } else {
    delete body.stream_options;
  }
  if (quirks.maxTokensOnly && body.max_completion_tokens !== undefined) {
    if (body.max_tokens === undefined) body.max_tokens = body.max_completion_tokens;
    delete body.max_completion_tokens;
  }
  return body;
}

export function buildOpenAIChatRequest(
  request: ChatRequest,
  target: UpstreamTarget,
  quirks: OpenAICompatibleQuirks,
): UpstreamHttpRequest {
  const stream = request.stream === true;
  return {
    method: 'POST',
    url: joinUrl(target.baseUrl, '/chat/completions'),
    headers: openAIHeaders(target, stream),
    body: JSON.stringify(buildOpenAIChatBody(request, target.upstreamModel, quirks)),
  };
}
