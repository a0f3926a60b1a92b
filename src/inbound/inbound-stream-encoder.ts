/**
 * The contract of an inbound protocol's stream encoder: it reads the gateway's canonical stream (OpenAI
 * chat.completion.chunk SSE text, in arbitrary splits) and returns the bytes of the client's protocol.
 * @module
 */
export interface InboundStreamEncoder {
  /** Canonical SSE text in; the client's protocol bytes out ('' when nothing is complete yet). */
  push(text: string): string;
  /** The canonical stream ended: closing bytes (a stream that never said `[DONE]` is closed as finished). */
  end(): string;
}
