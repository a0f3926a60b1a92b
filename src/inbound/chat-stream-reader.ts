/**
 * Reads the gateway's canonical stream (OpenAI `chat.completion.chunk` SSE, as every provider translator
 * writes it) back into semantic events, so that other inbound protocols (Responses API, Anthropic Messages)
 * can re-encode it. Only choice 0 is read (those protocols have no `n`). Incremental: feed text as it comes.
 * @module
 */
import { isObject, type JsonObject, tryParseJson } from '../providers/shared/json.ts';
import { SseParser } from '../providers/shared/sse-parser.ts';

export interface ChatStreamError {
  message: string;
  type: string;
  code: string;
}

export type ChatStreamEvent =
  | { type: 'start'; id: string }
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'tool_call'; index: number; id: string; name: string }
  | { type: 'tool_arguments'; index: number; delta: string }
  | { type: 'finish'; reason: string }
  /** The OpenAI usage object of the final chunk (with the gateway's `cost`/`currency` when priced). */
  | { type: 'usage'; usage: JsonObject }
  | { type: 'done' }
  | { type: 'error'; error: ChatStreamError };

export class ChatStreamReader {
  private readonly parser = new SseParser();
  private started = false;
  private readonly toolIndexes = new Set<number>();

  /** Feeds OpenAI SSE text; returns the events it completes. */
  push(text: string): ChatStreamEvent[] {
    const out: ChatStreamEvent[] = [];
    for (const event of this.parser.push(text)) this.read(event.data, out);
    return out;
  }

  /** The stream ended: events of a last frame that had no blank line after it. */
  end(): ChatStreamEvent[] {
    const out: ChatStreamEvent[] = [];
    const { events, incomplete } = this.parser.end();
    for (const event of events) this.read(event.data, out);
    if (incomplete) this.read(incomplete.data, out);
    return out;
  }

  private read(data: string, out: ChatStreamEvent[]): void {
    const text = data.trim();
    if (text === '') return;
    if (text === '[DONE]') {
      out.push({ type: 'done' });
      return;
    }
    const chunk = tryParseJson(text);
    if (!isObject(chunk)) {
      out.push({
        type: 'error',
        error: { message: 'unreadable stream frame', type: 'server_error', code: 'upstream_error' },
      });
      return;
    }
    if (isObject(chunk.error)) {
      const e = chunk.error;
      out.push({
        type: 'error',
        error: {
          message: String(e.message ?? 'upstream error'),
          type: String(e.type ?? 'server_error'),
          code: String(e.code ?? 'upstream_error'),
        },
      });
      return;
    }
    if (!this.started) {
      this.started = true;
      out.push({ type: 'start', id: typeof chunk.id === 'string' ? chunk.id : '' });
    }
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = choices.find((c) => isObject(c) && (c.index ?? 0) === 0);
    if (isObject(choice)) this.readChoice(choice, out);
    if (isObject(chunk.usage)) out.push({ type: 'usage', usage: chunk.usage });
  }

  private readChoice(choice: JsonObject, out: ChatStreamEvent[]): void {
    const delta = isObject(choice.delta) ? choice.delta : {};
    if (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '')
      out.push({ type: 'reasoning', text: delta.reasoning_content });
    if (typeof delta.content === 'string' && delta.content !== '')
      out.push({ type: 'text', text: delta.content });
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) {
        if (!isObject(call)) continue;
        const index = typeof call.index === 'number' ? call.index : 0;
        const fn = isObject(call.function) ? call.function : {};
        if (!this.toolIndexes.has(index)) {
          this.toolIndexes.add(index);
          out.push({
            type: 'tool_call',
            index,
            id: typeof call.id === 'string' ? call.id : '',
            name: typeof fn.name === 'string' ? fn.name : '',
          });
        }
        if (typeof fn.arguments === 'string' && fn.arguments !== '')
          out.push({ type: 'tool_arguments', index, delta: fn.arguments });
      }
    }
    if (typeof choice.finish_reason === 'string') out.push({ type: 'finish', reason: choice.finish_reason });
  }
}

/** Parses a JSON text, giving `{}` for anything that is not a JSON object (tool arguments). */
export function parseArguments(text: string): JsonObject {
  const value = text.trim() === '' ? {} : tryParseJson(text);
  return isObject(value) ? value : {};
}
