/**
 * Shape guards for the hot path: a wire schema's safeParse costs a few microseconds on every request and
 * every stream chunk. Each guard here answers `true` only for values its schema certainly accepts unchanged
 * (so the value can be used as the parse result); anything else — including every value the schema would
 * reject or transform — goes through the schema, which also words the error. A property test per guard checks
 * "guard ⇒ schema accepts and returns an equal value".
 */

/**
 * undefined, null or of the given type (`.nullish()` of z.string / z.number / z.boolean). A number must be
 * finite, as z.number() wants: JSON.parse reads `1e999` as Infinity.
 */
export function isNullishOf(v: unknown, type: 'string' | 'number' | 'boolean'): boolean {
  if (v === undefined || v === null) return true;
  return type === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === type;
}
