/**
 * Tool-call ids for providers that give none (Gemini): `call_` + 24 random base-62 characters, unique across
 * responses so that ids never collide within a conversation.
 * @module
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function newToolCallId(): string {
  const bytes = randomBytes(24);
  let id = 'call_';
  for (const b of bytes) id += ALPHABET[b % 62];
  return id;
}
