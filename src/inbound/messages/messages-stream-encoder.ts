/**
 * The gateway's canonical chat stream → Anthropic's exact Messages event sequence:
 * `message_start`, `ping`, per block `content_block_start` / `content_block_delta`… / `content_block_stop`
 * (thinking → thinking_delta, text → text_delta, tool calls → tool_use + input_json_delta), `message_delta`
 * with stop_reason and cumulative usage, `message_stop`. An in-band failure becomes `event: error`.
 * Every frame has its `event:` line (the Anthropic SDK drops frames without one).
 * @module
 */
import type { JsonObject } from '../../providers/shared/json.ts';
import type { ChatStreamEvent } from '../chat-stream-reader.ts';
import { ChatEventEncoder } from '../inbound-stream-encoder.ts';
import { anthropicErrorType, messagesUsage, stopReason } from './messages-response.ts';

type BlockKind = 'text' | 'thinking' | 'tool_use';

export interface MessagesStreamFrame {
  /** `msg_…` */
  id: string;
  /** The model id the client asked for. */
  model: string;
  /** The prompt token estimate for `message_start` (the exact count follows in `message_delta`). */
  inputTokens: number;
}

export class MessagesStreamEncoder extends ChatEventEncoder {
  private started = false;
  private blockCount = 0;
  private current: { kind: BlockKind; index: number; toolIndex?: number } | undefined;
  /** OpenAI tool_calls index → content block index. */
  private readonly toolBlocks = new Map<number, number>();
  private finishReason: string | undefined;
  private usage: JsonObject | undefined;

  constructor(private readonly frame: MessagesStreamFrame) {
    super();
  }

  private emit(type: string, payload: JsonObject): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
  }

  private open(): string {
    if (this.started) return '';
    this.started = true;
    const message = {
      id: this.frame.id,
      type: 'message',
      role: 'assistant',
      model: this.frame.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: this.frame.inputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 0,
      },
    };
    return this.emit('message_start', { message }) + this.emit('ping', {});
  }

  private closeBlock(): string {
    if (!this.current) return '';
    const index = this.current.index;
    this.current = undefined;
    return this.emit('content_block_stop', { index });
  }

  /** Makes `kind` the current block (closing another), returns the start event when it is new. */
  private ensureBlock(kind: 'text' | 'thinking'): string {
    if (this.current?.kind === kind) return '';
    let out = this.closeBlock();
    const index = this.blockCount++;
    this.current = { kind, index };
    const block =
      kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    out += this.emit('content_block_start', { index, content_block: block });
    return out;
  }

  protected handle(event: ChatStreamEvent): string {
    let out = this.open();
    switch (event.type) {
      case 'text':
        out += this.ensureBlock('text');
        return (
          out +
          this.emit('content_block_delta', {
            index: this.current!.index,
            delta: { type: 'text_delta', text: event.text },
          })
        );
      case 'reasoning':
        out += this.ensureBlock('thinking');
        return (
          out +
          this.emit('content_block_delta', {
            index: this.current!.index,
            delta: { type: 'thinking_delta', thinking: event.text },
          })
        );
      case 'tool_call': {
        out += this.closeBlock();
        const index = this.blockCount++;
        this.current = { kind: 'tool_use', index, toolIndex: event.index };
        this.toolBlocks.set(event.index, index);
        return (
          out +
          this.emit('content_block_start', {
            index,
            content_block: { type: 'tool_use', id: event.id, name: event.name, input: {} },
          })
        );
      }
      case 'tool_arguments': {
        const index = this.toolBlocks.get(event.index);
        if (index === undefined) return out;
        return (
          out +
          this.emit('content_block_delta', {
            index,
            delta: { type: 'input_json_delta', partial_json: event.delta },
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
      case 'error':
        this.finished = true;
        return (
          out +
          this.emit('error', {
            error: {
              type: anthropicErrorType(statusOfCode(event.error.code)),
              message: event.error.message,
              code: event.error.code,
            },
          })
        );
      default:
        return out;
    }
  }

  protected complete(): string {
    let out = this.open();
    this.finished = true;
    out += this.closeBlock();
    out += this.emit('message_delta', {
      delta: { stop_reason: stopReason(this.finishReason), stop_sequence: null },
      usage: messagesUsage(this.usage),
    });
    return out + this.emit('message_stop', {});
  }
}

function statusOfCode(code: string): number {
  if (code === 'upstream_rate_limited' || code === 'rate_limit_exceeded' || code === 'budget_exceeded')
    return 429;
  if (code === 'upstream_overloaded') return 529;
  if (code === 'upstream_timeout') return 504;
  if (code === 'upstream_bad_request') return 400;
  return 500;
}
