/**
 * The gateway's canonical chat stream → the Responses API's typed SSE event sequence:
 * `response.created`, `response.in_progress`, then per output item `response.output_item.added`,
 * (`response.content_part.added`, `response.output_text.delta`…, `response.output_text.done`,
 * `response.content_part.done`) or (`response.function_call_arguments.delta`…,
 * `response.function_call_arguments.done`), `response.output_item.done`, and finally `response.completed`
 * (or `response.incomplete`) with usage. An in-band failure becomes `error` + `response.failed`.
 * Every event carries `type` and a `sequence_number`, and is sent with a matching `event:` line.
 * @module
 */
import type { JsonObject } from '../../providers/shared/json.ts';
import { spread } from '../../spread.ts';
import type { ChatStreamEvent } from '../chat-stream-reader.ts';
import { ChatEventEncoder } from '../inbound-stream-encoder.ts';
import {
  functionCallItem,
  itemId,
  messageItem,
  outputTextPart,
  type ResponseFrame,
  reasoningItem,
  responseObject,
  responseStatus,
  responseUsage,
} from './responses-response.ts';

interface OpenItem {
  kind: 'message' | 'function_call' | 'reasoning';
  id: string;
  outputIndex: number;
  text: string;
  callId: string;
  name: string;
  done: boolean;
}

export class ResponsesStreamEncoder extends ChatEventEncoder {
  private sequence = 0;
  private started = false;
  private readonly items: OpenItem[] = [];
  private message: OpenItem | undefined;
  private reasoning: OpenItem | undefined;
  private readonly tools = new Map<number, OpenItem>();
  private finishReason: string | undefined;
  private usage: JsonObject | undefined;

  constructor(private readonly frame: ResponseFrame) {
    super();
  }

  private emit(type: string, payload: JsonObject): string {
    const data = { type, sequence_number: this.sequence++, ...payload };
    return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
  }

  private open(): string {
    if (this.started) return '';
    this.started = true;
    const response = responseObject(this.frame, { status: 'in_progress', output: [] });
    return this.emit('response.created', { response }) + this.emit('response.in_progress', { response });
  }

  private addItem(kind: OpenItem['kind'], callId = '', name = ''): OpenItem {
    const prefix = kind === 'message' ? 'msg' : kind === 'function_call' ? 'fc' : 'rs';
    const item: OpenItem = {
      kind,
      id: itemId(prefix, this.frame.id, this.items.length),
      outputIndex: this.items.length,
      text: '',
      callId,
      name,
      done: false,
    };
    this.items.push(item);
    return item;
  }

  protected handle(event: ChatStreamEvent): string {
    let out = this.open();
    switch (event.type) {
      case 'reasoning': {
        if (!this.reasoning) {
          this.reasoning = this.addItem('reasoning');
          out += this.emit('response.output_item.added', {
            output_index: this.reasoning.outputIndex,
            item: reasoningItem(this.reasoning.id, ''),
          });
        }
        this.reasoning.text += event.text;
        return out;
      }
      case 'text': {
        if (!this.message) {
          this.message = this.addItem('message');
          const m = this.message;
          out += this.emit('response.output_item.added', {
            output_index: m.outputIndex,
            item: messageItem(m.id, '', 'in_progress'),
          });
          out += this.emit('response.content_part.added', {
            item_id: m.id,
            output_index: m.outputIndex,
            content_index: 0,
            part: outputTextPart(''),
          });
        }
        const m = this.message;
        m.text += event.text;
        return (
          out +
          this.emit('response.output_text.delta', {
            item_id: m.id,
            output_index: m.outputIndex,
            content_index: 0,
            delta: event.text,
            logprobs: [],
          })
        );
      }
      case 'tool_call': {
        const item = this.addItem('function_call', event.id, event.name);
        this.tools.set(event.index, item);
        return (
          out +
          this.emit('response.output_item.added', {
            output_index: item.outputIndex,
            item: functionCallItem(item.id, item.callId, item.name, '', 'in_progress'),
          })
        );
      }
      case 'tool_arguments': {
        const item = this.tools.get(event.index);
        if (!item) return out;
        item.text += event.delta;
        return (
          out +
          this.emit('response.function_call_arguments.delta', {
            item_id: item.id,
            output_index: item.outputIndex,
            delta: event.delta,
          })
        );
      }
      case 'finish':
        this.finishReason = event.reason;
        return out;
      case 'usage':
        this.usage = event.usage;
        return out;
      case 'done':
        return out + this.complete();
      case 'error': {
        this.finished = true;
        const error = { code: event.error.code, message: event.error.message };
        return (
          out +
          this.emit('error', { code: event.error.code, message: event.error.message, param: null }) +
          this.emit('response.failed', {
            response: responseObject(this.frame, {
              status: 'failed',
              output: this.items.map((item) => this.finalItem(item)),
              usage: responseUsage(this.usage),
              error,
            }),
          })
        );
      }
      default:
        return out;
    }
  }

  private finalItem(item: OpenItem): JsonObject {
    if (item.kind === 'message') return messageItem(item.id, item.text, 'completed');
    if (item.kind === 'reasoning') return reasoningItem(item.id, item.text);
    return functionCallItem(
      item.id,
      item.callId,
      item.name,
      item.text === '' ? '{}' : item.text,
      'completed',
    );
  }

  /** Closes every open item, then `response.completed` / `response.incomplete`. */
  protected complete(): string {
    let out = this.open();
    this.finished = true;
    for (const item of this.items) {
      if (item.done) continue;
      item.done = true;
      const base = { item_id: item.id, output_index: item.outputIndex };
      if (item.kind === 'message') {
        out += this.emit(
          'response.output_text.done',
          spread(base, {
            content_index: 0,
            text: item.text,
            logprobs: [],
          }),
        );
        out += this.emit(
          'response.content_part.done',
          spread(base, {
            content_index: 0,
            part: outputTextPart(item.text),
          }),
        );
      } else if (item.kind === 'function_call') {
        out += this.emit(
          'response.function_call_arguments.done',
          spread(base, {
            name: item.name,
            arguments: item.text === '' ? '{}' : item.text,
          }),
        );
      }
      out += this.emit('response.output_item.done', {
        output_index: item.outputIndex,
        item: this.finalItem(item),
      });
    }
    const { status, incompleteReason } = responseStatus(this.finishReason);
    const response = responseObject(this.frame, {
      status,
      incompleteReason,
      output: this.items.map((item) => this.finalItem(item)),
      usage: responseUsage(this.usage),
    });
    return (
      out + this.emit(status === 'completed' ? 'response.completed' : 'response.incomplete', { response })
    );
  }
}
