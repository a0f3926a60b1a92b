/**
 * Anthropic Messages SSE (`event: message_start` … `message_stop`) → OpenAI chat.completion.chunk frames.
 * Text deltas → content, input_json_delta → tool_calls arguments, thinking_delta → reasoning_content;
 * usage from message_start merged with the cumulative message_delta usage; `event: error` → in-band error.
 * Each event is read through its schema (anthropic-api.ts); one that does not match ends the stream.
 * @module
 */
import { EventStreamTranslator } from '../shared/event-stream-translator.ts';
import { isObject, tryParseJson } from '../shared/json.ts';
import type { SseEvent } from '../shared/sse-parser.ts';
import {
  type AnthropicStreamEvent,
  type AnthropicUsage,
  anthropicStreamEventSchemas as EVENTS,
} from './anthropic-api.ts';
import { STRUCTURED_OUTPUT_TOOL } from './anthropic-parameters.ts';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicErrorObject } from './map-anthropic-error.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';

export class AnthropicStreamTranslator extends EventStreamTranslator {
  private rawUsage: AnthropicUsage | undefined;
  /** content block index → OpenAI tool_calls index. */
  private readonly toolIndexByBlock = new Map<number, number>();
  private finished = false;
  /** Content block index of the structured-output tool, whose input is streamed as text. */
  private structuredBlock: number | undefined;

  protected handle(event: SseEvent): string {
    const data = tryParseJson(event.data);
    if (!isObject(data)) return this.brokenFrame('Anthropic', event.data);
    const type = event.event || (typeof data.type === 'string' ? data.type : undefined); // undefined: skipped
    const what = `Anthropic's ${type} event`;
    switch (type) {
      case 'message_start':
        return this.read(EVENTS.message_start, what, data, (e) => this.onMessageStart(e));
      case 'content_block_start':
        return this.read(EVENTS.content_block_start, what, data, (e) => this.onBlockStart(e));
      case 'content_block_delta':
        return this.read(EVENTS.content_block_delta, what, data, (e) => this.onBlockDelta(e));
      case 'message_delta':
        return this.read(EVENTS.message_delta, what, data, (e) => this.onMessageDelta(e));
      case 'message_stop':
        return (this.finished ? '' : this.writer.finish('stop')) + this.finishStream();
      case 'error':
        return this.read(EVENTS.error, what, data, (e) =>
          this.fail(mapAnthropicErrorObject(undefined, e.error ?? undefined, {})),
        );
      default:
        return ''; // ping, content_block_stop, unknown events
    }
  }

  /** message_delta carried the stop reason: closing without message_stop still ended the answer. */
  protected endedNormally(): boolean {
    return this.done || this.finished;
  }

  private recordUsage(update: AnthropicUsage | null | undefined): void {
    if (!update) return;
    this.rawUsage = mergeAnthropicUsage(this.rawUsage, update);
    this.latestUsage = convertAnthropicUsage(this.rawUsage);
  }

  private onMessageStart(data: AnthropicStreamEvent<'message_start'>): string {
    if (data.message.id) this.writer.id = data.message.id;
    this.recordUsage(data.message.usage);
    return this.writer.start();
  }

  private onBlockStart(data: AnthropicStreamEvent<'content_block_start'>): string {
    const block = data.content_block;
    if (block.type === 'tool_use' && block.name === STRUCTURED_OUTPUT_TOOL) {
      this.structuredBlock = data.index;
      return '';
    }
    if (block.type === 'tool_use') {
      const toolIndex = this.toolIndexByBlock.size;
      this.toolIndexByBlock.set(data.index, toolIndex);
      this.contentCount++;
      return this.writer.toolCallStart(toolIndex, block.id ?? '', block.name ?? '');
    }
    if (block.type === 'text' && block.text) {
      this.contentCount++;
      return this.writer.text(block.text);
    }
    return '';
  }

  private onBlockDelta(data: AnthropicStreamEvent<'content_block_delta'>): string {
    const delta = data.delta;
    switch (delta.type) {
      case 'text_delta':
        if (!delta.text) return '';
        this.contentCount++;
        return this.writer.text(delta.text);
      case 'input_json_delta': {
        if (!delta.partial_json) return '';
        if (data.index === this.structuredBlock) {
          this.contentCount++;
          return this.writer.text(delta.partial_json);
        }
        const toolIndex = this.toolIndexByBlock.get(data.index);
        if (toolIndex === undefined) return '';
        this.contentCount++;
        return this.writer.toolCallArguments(toolIndex, delta.partial_json);
      }
      case 'thinking_delta':
        return delta.thinking ? this.writer.reasoning(delta.thinking) : '';
      default:
        return '';
    }
  }

  private onMessageDelta(data: AnthropicStreamEvent<'message_delta'>): string {
    this.recordUsage(data.usage);
    const stopReason = data.delta?.stop_reason;
    if (this.finished || stopReason === undefined || stopReason === null) return '';
    this.finished = true;
    const structuredOnly = stopReason === 'tool_use' && this.toolIndexByBlock.size === 0;
    return this.writer.finish(structuredOnly ? 'stop' : mapAnthropicStopReason(stopReason));
  }
}
