/**
 * The provider registry: one adapter per kind, and the environment variables / production defaults per kind.
 * @module
 */
import { QuadrantError } from '../errors.ts';
import { anthropicAdapter } from './anthropic/index.ts';
import { arkAdapter } from './ark/index.ts';
import { dashScopeCompatAdapter, resolveDashScopeAdapter } from './dashscope/index.ts';
import { deepSeekAdapter } from './deepseek/index.ts';
import { geminiAdapter } from './gemini/index.ts';
import { openAIAdapter } from './openai/index.ts';
import { openAICompatibleAdapter } from './openai-compatible/index.ts';
import type { ProviderAdapter, ProviderKind } from './types.ts';
import { zhipuAdapter } from './zhipu/index.ts';

export interface ProviderEnv {
  /** Env var holding the API key. */
  apiKey: string;
  /** Env var overriding the base URL. */
  baseUrl: string;
  /** Production base URL (what `baseUrl` in UpstreamTarget looks like). */
  defaultBaseUrl: string;
  /** The catalog vendor id this provider serves (null: whatever the config says, e.g. a local server). */
  vendor: string | null;
}

export const PROVIDER_ENV: Readonly<Record<ProviderKind, ProviderEnv>> = {
  openai: {
    apiKey: 'OPENAI_API_KEY',
    baseUrl: 'OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
    vendor: 'openai',
  },
  anthropic: {
    apiKey: 'ANTHROPIC_API_KEY',
    baseUrl: 'ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com',
    vendor: 'anthropic',
  },
  gemini: {
    apiKey: 'GEMINI_API_KEY',
    baseUrl: 'GEMINI_BASE_URL',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    vendor: 'google',
  },
  zhipu: {
    apiKey: 'ZHIPUAI_API_KEY',
    baseUrl: 'ZHIPUAI_BASE_URL',
    defaultBaseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    vendor: 'zhipu',
  },
  ark: {
    apiKey: 'ARK_API_KEY',
    baseUrl: 'ARK_BASE_URL',
    defaultBaseUrl: 'https://ark.cn-beijing.volces.com/api/v3',
    vendor: 'bytedance',
  },
  dashscope: {
    apiKey: 'DASHSCOPE_API_KEY',
    baseUrl: 'DASHSCOPE_BASE_URL',
    defaultBaseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    vendor: 'alibaba',
  },
  deepseek: {
    apiKey: 'DEEPSEEK_API_KEY',
    baseUrl: 'DEEPSEEK_BASE_URL',
    defaultBaseUrl: 'https://api.deepseek.com',
    vendor: 'deepseek',
  },
  'openai-compatible': {
    apiKey: 'OPENAI_COMPATIBLE_API_KEY',
    baseUrl: 'OPENAI_COMPATIBLE_BASE_URL',
    defaultBaseUrl: 'http://127.0.0.1:8000/v1',
    vendor: null,
  },
};

const ADAPTERS: Partial<Record<ProviderKind, ProviderAdapter>> = {
  openai: openAIAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  'openai-compatible': openAICompatibleAdapter,
  deepseek: deepSeekAdapter,
  zhipu: zhipuAdapter,
  ark: arkAdapter,
  dashscope: dashScopeCompatAdapter,
};

/**
 * The adapter for a provider kind. For `dashscope`, pass the upstream's base URL to pick the native
 * text-generation adapter (any base URL without `compatible-mode`); without it the compatible mode is used.
 */
export function getAdapter(kind: ProviderKind, options: { baseUrl?: string } = {}): ProviderAdapter {
  if (kind === 'dashscope') return resolveDashScopeAdapter(options.baseUrl);
  const adapter = ADAPTERS[kind];
  if (!adapter) throw new QuadrantError('unsupported', `no adapter for provider kind '${kind}'`);
  return adapter;
}

export type * from './types.ts';
export { emptyUsage, PROVIDER_KINDS } from './types.ts';
