/**
 * The small per-provider differences between OpenAI-style upstreams.
 * @module
 */
import type { ProviderKind } from '../types.ts';

export interface OpenAICompatibleQuirks {
  kind: ProviderKind;
  /** Human name for messages ("DeepSeek"). */
  name: string;
  /** Send `max_completion_tokens` as `max_tokens` (providers that only know the latter). */
  maxTokensOnly: boolean;
  /** Map the `developer` role to `system`. */
  developerAsSystem: boolean;
  /** Flatten text-only content-part arrays to a string (providers that reject part arrays). */
  flattenTextParts: boolean;
  /** Provider-specific error codes (in `error.code`) that mean overloaded / rate limited. */
  overloadedCodes: readonly string[];
  rateLimitedCodes: readonly string[];
  /** Whether the provider has an OpenAI-style /embeddings endpoint. */
  embeddings: boolean;
}

export const OPENAI_QUIRKS: OpenAICompatibleQuirks = {
  kind: 'openai',
  name: 'OpenAI',
  maxTokensOnly: false,
  developerAsSystem: false,
  flattenTextParts: false,
  overloadedCodes: [],
  rateLimitedCodes: ['rate_limit_exceeded', 'insufficient_quota'],
  embeddings: true,
};

export const OPENAI_COMPATIBLE_QUIRKS: OpenAICompatibleQuirks = {
  ...OPENAI_QUIRKS,
  kind: 'openai-compatible',
  name: 'OpenAI-compatible upstream',
};

/** DeepSeek: usage on the finish chunk, prompt_cache_hit_tokens, string content, max_tokens. */
export const DEEPSEEK_QUIRKS: OpenAICompatibleQuirks = {
  kind: 'deepseek',
  name: 'DeepSeek',
  maxTokensOnly: true,
  developerAsSystem: true,
  flattenTextParts: true,
  overloadedCodes: [],
  rateLimitedCodes: [],
  embeddings: false,
};

/** Zhipu GLM: usage on the finish chunk, string business codes (1302 rate limit, 1305 overloaded). */
export const ZHIPU_QUIRKS: OpenAICompatibleQuirks = {
  kind: 'zhipu',
  name: 'Zhipu',
  maxTokensOnly: true,
  developerAsSystem: true,
  flattenTextParts: false,
  overloadedCodes: ['1305', '500'],
  rateLimitedCodes: ['1302', '1303', '1304', '1113'],
  embeddings: true,
};

/** Volcengine Ark (Doubao): needs stream_options.include_usage; ServerOverloaded comes as 429. */
export const ARK_QUIRKS: OpenAICompatibleQuirks = {
  kind: 'ark',
  name: 'Volcengine Ark',
  maxTokensOnly: false,
  developerAsSystem: true,
  flattenTextParts: false,
  overloadedCodes: ['ServerOverloaded'],
  rateLimitedCodes: [
    'RateLimitExceeded.EndpointRPMExceeded',
    'RateLimitExceeded.EndpointTPMExceeded',
    'RateLimitExceeded.FoundationModelRPMExceeded',
    'QuotaExceeded',
  ],
  embeddings: true,
};

/** DashScope compatible mode: needs stream_options.include_usage. */
export const DASHSCOPE_COMPAT_QUIRKS: OpenAICompatibleQuirks = {
  kind: 'dashscope',
  name: 'DashScope',
  maxTokensOnly: true,
  developerAsSystem: true,
  flattenTextParts: false,
  overloadedCodes: ['EngineOverloadedError'],
  rateLimitedCodes: ['limit_requests', 'Throttling', 'Throttling.RateQuota', 'Throttling.BurstRate'],
  embeddings: true,
};
