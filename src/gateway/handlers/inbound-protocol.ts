/**
 * How a chat request's answer is written for the protocol the client spoke. The chat pipeline produces the
 * canonical form (OpenAI chat.completion JSON or chat.completion.chunk SSE); a protocol re-encodes it
 * (Responses API, Anthropic Messages) and shapes errors its own way. Chat Completions is the identity.
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { QuadrantError } from '../../errors.ts';
import type { InboundStreamEncoder } from '../../inbound/inbound-stream-encoder.ts';
import type { JsonObject } from '../../providers/shared/json.ts';

export interface InboundProtocol {
  /** Route label for metrics and the access log (e.g. 'responses', 'messages'). */
  name: string;
  /** The canonical chat.completion → the client's JSON body. */
  encodeJson(completion: JsonObject): JsonObject;
  /** A fresh encoder of the canonical stream into the client's SSE. */
  streamEncoder(): InboundStreamEncoder;
  /** An error before the response started, in the protocol's own shape. */
  sendError(res: ServerResponse, err: QuadrantError, requestId: string): void;
}
