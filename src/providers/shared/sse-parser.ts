/**
 * Incremental Server-Sent Events parser (WHATWG framing): accepts bytes in arbitrary splits, `\n`, `\r\n` and
 * `\r` line ends, comment lines, `data:` with or without a space, multi-line data (joined with `\n`).
 * @module
 */

export interface SseEvent {
  /** The `event:` field ('' when absent). */
  event: string;
  /** `data:` lines joined by `\n`. */
  data: string;
  /** The `id:` field ('' when absent). */
  id: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private dataLines: string[] = [];
  private eventName = '';
  private eventId = '';
  private sawField = false;

  /** Feeds raw bytes (or text); returns the events completed by them. */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.drain(false);
  }

  /**
   * Upstream ended. Returns the events still pending; an event whose blank-line terminator never came is
   * returned too, flagged by `incomplete` (callers decide whether a trailing unterminated frame counts).
   */
  end(): { events: SseEvent[]; incomplete: SseEvent | undefined } {
    this.buffer += this.decoder.decode();
    const events = this.drain(true);
    if (this.buffer.length > 0) {
      this.processLine(this.buffer, events);
      // Stryker disable next-line StringLiteral: nothing reads the buffer after end(); any leftover text is an unknown field
      this.buffer = '';
    }
    const incomplete = this.sawField ? this.takeEvent() : undefined;
    return { events, incomplete };
  }

  private drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    const buffer = this.buffer;
    let start = 0;
    const length = buffer.length;
    // Stryker disable next-line EqualityOperator: charCodeAt(length) is NaN, neither \n nor \r
    for (let index = start; index < length; index++) {
      const code = buffer.charCodeAt(index);
      if (code !== 10 && code !== 13) continue;
      if (code === 13 && index === length - 1 && !final) break; // maybe the \r of a \r\n split across chunks
      this.processLine(buffer.slice(start, index), events);
      if (code === 13 && buffer.charCodeAt(index + 1) === 10) index++;
      start = index + 1;
    }
    this.buffer = buffer.slice(start);
    return events;
  }

  private processLine(line: string, events: SseEvent[]): void {
    if (line.length === 0) {
      if (this.sawField) events.push(this.takeEvent());
      return;
    }
    const colon = line.indexOf(':'); // a comment (`:…`) has the empty field name: ignored below
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataLines.push(value);
        this.sawField = true;
        break;
      case 'event':
        this.eventName = value;
        this.sawField = true;
        break;
      case 'id':
        this.eventId = value;
        break;
      default:
        break;
    }
  }

  private takeEvent(): SseEvent {
    const event: SseEvent = {
      event: this.eventName,
      data: this.dataLines.join('\n'),
      id: this.eventId,
    };
    this.dataLines = [];
    this.eventName = '';
    this.sawField = false;
    return event;
  }
}
