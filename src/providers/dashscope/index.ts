/**
 * Alibaba DashScope (Qwen). Two adapters: the OpenAI-compatible mode (`…/compatible-mode/v1`) and the native
 * text-generation API (`…/api/v1/services/aigc/text-generation/generation`). {@link resolveDashScopeAdapter}
 * picks one from the configured base URL: a path containing `compatible-mode` → compat, anything else → native.
 * @module
 */
import { createOpenAICompatibleAdapter, DASHSCOPE_COMPAT_QUIRKS } from '../openai-compatible/index.ts';
import type { ProviderAdapter } from '../types.ts';

export const dashScopeCompatAdapter = createOpenAICompatibleAdapter(DASHSCOPE_COMPAT_QUIRKS);

let nativeAdapter: ProviderAdapter | undefined;

/** Registered by ./native (kept separate so the compat path has no dependency on the native code). */
export function registerDashScopeNative(adapter: ProviderAdapter): void {
  nativeAdapter = adapter;
}

export function isDashScopeNativeUrl(baseUrl: string): boolean {
  return !baseUrl.includes('compatible-mode');
}

export function resolveDashScopeAdapter(baseUrl: string | undefined): ProviderAdapter {
  if (baseUrl !== undefined && isDashScopeNativeUrl(baseUrl) && nativeAdapter) return nativeAdapter;
  return dashScopeCompatAdapter;
}
