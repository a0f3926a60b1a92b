/** float32 LE base64 helpers for emulated embeddings. @module */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  for (let index = 0; index < vector.length; index++) buffer.writeFloatLE(vector[index], index * 4);
  return buffer.toString('base64');
}
