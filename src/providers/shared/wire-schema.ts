/**
 * Reading a provider's wire data through its zod schema (the `*-api.ts` file of each provider kind, in the
 * style of the AI SDK's openai-chat-api.ts: lenient — loose objects, optional/nullish fields — checking only
 * what the gateway reads). A body or stream frame that does not match is an UpstreamError (502
 * upstream_error, retried elsewhere) naming the first field that did not; it reaches the client and the
 * ledger alike.
 * @module
 */
import type { z } from 'zod';
import { paramOf } from './request-schemas.ts';
import { unreadableResponse } from './upstream-error.ts';

/**
 * `value` as `schema` describes it, or the UpstreamError saying where it differs. `isPlain` (a guard of
 * plain-json.ts's kind) skips the schema for values it certainly accepts unchanged.
 */
export function parseUpstream<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
  body?: string,
  isPlain?: (value: unknown) => boolean,
): z.infer<T> {
  if (isPlain?.(value)) return value as z.infer<T>;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw unreadableResponse(mismatch(what, parsed.error), body);
}

/** The message of a schema mismatch: "<what> does not match its schema: choices[0].index: expected number". */
export function mismatch(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue ? paramOf(issue.path) : '';
  return `${what} does not match its schema: ${where || '(top level)'}: ${issue?.message ?? 'invalid'}`;
}
