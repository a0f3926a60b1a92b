/**
 * Alibaba DashScope (Qwen). Two adapters: the OpenAI-compatible mode (`…/compatible-mode/v1`) and the native
 * text-generation API (`…/api/v1/services/aigc/text-generation/generation`). {@link resolveDashScopeAdapter}
 * picks one from the configured base URL: a path containing `compatible-mode` → compat, anything else → native.
 * @module
 */
import { createOpenAICompatibleAdapter, DASHSCOPE_COMPAT_QUIRKS } from '../openai-compatible/index.ts';
import type { ProviderAdapter } from '../types.ts';
import { buildDashScopeNativeRequest } from './build-dashscope-native-request.ts';
import { DASHSCOPE_NATIVE_PARAMETERS } from './dashscope-native-parameters.ts';
import { DashScopeNativeStreamTranslator } from './dashscope-native-stream-translator.ts';
import { mapDashScopeNativeError } from './map-dashscope-native-error.ts';
import { parseDashScopeNativeResponse } from './parse-dashscope-native-response.ts';

export const dashScopeCompatAdapter = createOpenAICompatibleAdapter(DASHSCOPE_COMPAT_QUIRKS);

/** Native API (chat only; embeddings go through the compatible mode). */
export const dashScopeNativeAdapter: ProviderAdapter = {
  kind: 'dashscope',
  buildChatRequest: buildDashScopeNativeRequest,
  parseChatResponse: parseDashScopeNativeResponse,
  createStreamTranslator: (options) => new DashScopeNativeStreamTranslator(options),
  parseError: mapDashScopeNativeError,
  parameters: DASHSCOPE_NATIVE_PARAMETERS,
};

export function isDashScopeNativeUrl(baseUrl: string): boolean {
  return !baseUrl.includes('compatible-mode');
}

export function resolveDashScopeAdapter(baseUrl: string | undefined): ProviderAdapter {
  return baseUrl !== undefined && isDashScopeNativeUrl(baseUrl)
    ? dashScopeNativeAdapter
    : dashScopeCompatAdapter;
}
