/**
 * Embedding vectors ↔ the OpenAI `encoding_format: "base64"` form (float32 little-endian, base64).
 * @module
 */

export function encodeFloat32Base64(vector: readonly number[]): string {
  const buffer = Buffer.allocUnsafe(vector.length * 4);
  for (let index = 0; index < vector.length; index++) buffer.writeFloatLE(vector[index], index * 4);
  return buffer.toString('base64');
}

export function decodeFloat32Base64(text: string): number[] {
  const buffer = Buffer.from(text, 'base64');
  const vector: number[] = new Array(Math.floor(buffer.length / 4));
  for (let index = 0; index < vector.length; index++) vector[index] = buffer.readFloatLE(index * 4);
  return vector;
}

/** A float vector or a base64 string from the upstream → what the client asked for. */
export function encodeEmbedding(value: unknown, encodingFormat: 'float' | 'base64' | undefined): unknown {
  if (encodingFormat === 'base64') {
    return typeof value === 'string' ? value : encodeFloat32Base64(Array.isArray(value) ? value : []);
  }
  return typeof value === 'string' ? decodeFloat32Base64(value) : value;
}
