/**
 * Declared token ESTIMATES for models whose tokenizer is not shipped as a package: characters per token
 * for each character class of src/tokenize/script-classes.ts.
 *
 * Base profiles were fitted on the fixture texts in test/fixtures/texts against the exact tokenizers
 * (Chinese prose incl. CJK punctuation; English prose counted as letters+whitespace without punctuation):
 *
 *                 han   latin  digit  (exact count it imitates)
 *   cl100k-like   0.90  5.2    2.7    cl100k_base: 0.95 chars/token on the market-data §6.1 corpus, 0.85 Tokenizer Arena
 *   o200k-like    1.40  5.2    2.7    o200k_base: 1.44 (corpus), OpenAI "Chinese 1.4x fewer tokens"
 *   qwen-like     1.60  5.1    1.0    Qwen2/3 vocab: 1.62 (corpus), Aliyun "1.5-1.8 汉字 per token"; digits split one by one
 *   deepseek-like 1.67  5.0    2.7    DeepSeek-V3: 1.68 (corpus), DeepSeek "1 中文字符 ≈ 0.6 token"
 * "other" (ASCII punctuation, symbols, other scripts) counts 1.3 chars per token everywhere.
 *
 * Vendor profiles apply a vendor's published rule of thumb (market-data.md §6.2) on top of a base profile;
 * vendors with no published figure fall back as documented per entry. Estimates are for cost planning;
 * billed counts come from the provider's usage report.
 */
export interface EstimateProfile {
  /** e.g. 'estimate:zhipu' */
  id: string;
  /** Characters per token, per class. */
  han: number;
  latin: number;
  digit: number;
  other: number;
  /** Where the figures come from, in one line (shown by `tokenizerInfo`). */
  basis: string;
}

const OTHER = 1.3;

export const BASE_PROFILES = {
  cl100k: { han: 0.9, latin: 5.2, digit: 2.7, other: OTHER },
  o200k: { han: 1.4, latin: 5.2, digit: 2.7, other: OTHER },
  qwen: { han: 1.6, latin: 5.1, digit: 1.0, other: OTHER },
  deepseek: { han: 1.67, latin: 5.0, digit: 2.7, other: OTHER },
} as const;

type Ratios = Omit<EstimateProfile, 'id' | 'basis'>;

function profile(id: string, ratios: Ratios, basis: string): EstimateProfile {
  return { id: `estimate:${id}`, ...ratios, basis };
}

/** Per vendor id (data/catalog/vendors.yaml). */
export const VENDOR_PROFILES: Record<string, EstimateProfile> = {
  openai: profile('openai', BASE_PROFILES.o200k, 'o200k_base-like ratios (fitted on fixture texts)'),
  anthropic: profile(
    'anthropic',
    BASE_PROFILES.cl100k,
    "cl100k_base-like ratios: Anthropic's current tokenizer is not public [unverified]",
  ),
  google: profile(
    'google',
    { han: 1.5, latin: 5.3, digit: 1.0, other: OTHER },
    'Gemma tokenizer as a proxy for Gemini: 1.51 Han chars/token measured (market-data §6.1); digits split [unverified equivalence]',
  ),
  zhipu: profile(
    'zhipu',
    { han: 1.6, latin: 4.6, digit: 2.7, other: OTHER },
    'Zhipu "token:字数 ≈ 1:1.6" [weak]; chatglm3 1.59 zh / 3.88 en chars/token in Tokenizer Arena',
  ),
  bytedance: profile(
    'bytedance',
    { ...BASE_PROFILES.o200k, han: 1.75 },
    'BytePlus "1 token ≈ 1.5 to 2 Chinese characters" [primary], midpoint 1.75; Latin/digits assumed o200k-like',
  ),
  alibaba: profile(
    'alibaba',
    BASE_PROFILES.qwen,
    'Qwen vocabulary ratios: Aliyun "1.5-1.8 汉字 per token" [primary]',
  ),
  deepseek: profile('deepseek', BASE_PROFILES.deepseek, 'DeepSeek "1 中文字符 ≈ 0.6 token" [secondary]'),
  meta: profile(
    'meta',
    { ...BASE_PROFILES.cl100k, han: 1.24 },
    'Llama 3 tokenizer: 1.24 Han chars/token in Tokenizer Arena; otherwise cl100k-like (Llama 3 extends cl100k)',
  ),
  mistral: profile(
    'mistral',
    BASE_PROFILES.cl100k,
    'cl100k_base-like ratios: no published figure [unverified]',
  ),
  xai: profile('xai', BASE_PROFILES.cl100k, 'cl100k_base-like ratios: no published figure [unverified]'),
};

/**
 * Chinese vendors without a published ratio (Baidu, Tencent, iFlytek, Moonshot, MiniMax, …): 1.5 Han
 * chars/token, the low end of the 1.53–1.76 measured for Chinese-developed vocabularies in Tokenizer Arena
 * (a conservative estimate: fewer chars per token → more tokens → a higher cost).
 */
export const CJK_DEFAULT_PROFILE = profile(
  'cjk-default',
  { ...BASE_PROFILES.o200k, han: 1.5 },
  'no published ratio: 1.5 Han chars/token, the low end of Chinese-developed vocabularies in Tokenizer Arena',
);

/** Anyone else: cl100k-like (the most tokens of the modern vocabularies, so a conservative cost). */
export const DEFAULT_PROFILE = profile(
  'default',
  BASE_PROFILES.cl100k,
  'cl100k_base-like ratios (no better figure known)',
);

/** The estimate profile for a vendor; `country` picks the CJK default for Chinese vendors without a figure. */
export function estimateProfileFor(vendorId: string, country?: string): EstimateProfile {
  const own = VENDOR_PROFILES[vendorId];
  if (own) return own;
  return country === 'CN' ? { ...CJK_DEFAULT_PROFILE } : { ...DEFAULT_PROFILE };
}
