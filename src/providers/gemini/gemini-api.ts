/**
 * The Gemini (generativelanguage v1beta) wire formats the gateway reads — GenerateContentResponse (a whole
 * response and each stream chunk alike), the google.rpc.Status error, batchEmbedContents — as lenient zod
 * schemas (loose objects, nullish fields; AI SDK style). Types are inferred from them.
 * @module
 */
import { z } from 'zod';

const tokens = z.number().nullish();

/** usageMetadata: cumulative in a stream (the latest wins). */
export const geminiUsageSchema = z.looseObject({
  promptTokenCount: tokens,
  candidatesTokenCount: tokens,
  thoughtsTokenCount: tokens,
  toolUsePromptTokenCount: tokens,
  cachedContentTokenCount: tokens,
  totalTokenCount: tokens,
});
export type GeminiUsage = z.infer<typeof geminiUsageSchema>;

export const geminiPartSchema = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  functionCall: z
    .looseObject({ id: z.string().nullish(), name: z.string().nullish(), args: z.unknown().optional() })
    .nullish(),
});

const logprobCandidate = z.looseObject({ token: z.string().nullish(), logProbability: z.number().nullish() });

export const geminiCandidateSchema = z.looseObject({
  index: z.number().nullish(),
  content: z.looseObject({ parts: z.array(geminiPartSchema).nullish() }).nullish(),
  finishReason: z.string().nullish(),
  logprobsResult: z
    .looseObject({
      chosenCandidates: z.array(logprobCandidate).nullish(),
      topCandidates: z.array(z.looseObject({ candidates: z.array(logprobCandidate).nullish() })).nullish(),
    })
    .nullish(),
});
export type GeminiCandidate = z.infer<typeof geminiCandidateSchema>;

/** A GenerateContentResponse: the whole answer, or one chunk of `streamGenerateContent?alt=sse`. */
export const geminiResponseSchema = z.looseObject({
  responseId: z.string().nullish(),
  candidates: z.array(geminiCandidateSchema).nullish(),
  usageMetadata: geminiUsageSchema.nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
});
export type GeminiResponse = z.infer<typeof geminiResponseSchema>;

/** google.rpc.Status; a field of another type reads as absent. */
export const geminiErrorObjectSchema = z.looseObject({
  code: z.number().nullish().catch(undefined),
  message: z.string().nullish().catch(undefined),
  status: z.string().nullish().catch(undefined),
  /** RetryInfo, ErrorInfo, …; an entry of another shape reads as null. */
  details: z
    .array(
      z
        .looseObject({
          '@type': z.string().nullish().catch(undefined),
          retryDelay: z.string().nullish().catch(undefined),
          reason: z.string().nullish().catch(undefined),
        })
        .nullable()
        .catch(null),
    )
    .nullish()
    .catch(undefined),
});
export type GeminiErrorObject = z.infer<typeof geminiErrorObjectSchema>;

export const geminiErrorBodySchema = z.looseObject({
  error: geminiErrorObjectSchema.nullish().catch(undefined),
});

const embedding = z.looseObject({ values: z.array(z.number()) });

/** batchEmbedContents (`embeddings`) or embedContent (`embedding`). */
export const geminiEmbeddingsResponseSchema = z.looseObject({
  embeddings: z.array(embedding).nullish(),
  embedding: embedding.nullish(),
  usageMetadata: z.looseObject({ promptTokenCount: tokens }).nullish(),
});
