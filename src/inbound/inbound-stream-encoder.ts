/**
 * The contract of an inbound protocol's stream encoder: it reads the gateway's canonical stream (OpenAI
 * chat.completion.chunk SSE text, in arbitrary splits) and returns the bytes of the client's protocol.
 * @module
 */
import { type ChatStreamEvent, ChatStreamReader } from './chat-stream-reader.ts';

export interface InboundStreamEncoder {
  /** Canonical SSE text in; the client's protocol bytes out ('' when nothing is complete yet). */
  push(text: string): string;
  /** The canonical stream ended: closing bytes (a stream that never said `[DONE]` is closed as finished). */
  end(): string;
}

/**
 * What every encoder shares: the canonical stream is read event by event into `handle`; once an event (or
 * `complete`, called at the end of a stream that did not finish itself) sets `finished`, the rest is ignored.
 */
export abstract class ChatEventEncoder implements InboundStreamEncoder {
  private readonly reader = new ChatStreamReader();
  protected finished = false;

  push(text: string): string {
    return this.handleAll(this.reader.push(text));
  }

  end(): string {
    let out = this.handleAll(this.reader.end());
    if (!this.finished) out += this.complete();
    return out;
  }

  private handleAll(events: ChatStreamEvent[]): string {
    let out = '';
    for (const event of events) {
      if (this.finished) break;
      out += this.handle(event);
    }
    return out;
  }

  /** The client's bytes for one canonical event. */
  protected abstract handle(event: ChatStreamEvent): string;
  /** The closing bytes of a stream that ended without finishing; sets `finished`. */
  protected abstract complete(): string;
}
