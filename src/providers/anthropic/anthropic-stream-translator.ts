/**
 * Anthropic Messages SSE (`event: message_start` … `message_stop`) → OpenAI chat.completion.chunk frames.
 * Text deltas → content, input_json_delta → tool_calls arguments, thinking_delta → reasoning_content;
 * usage from message_start merged with the cumulative message_delta usage; `event: error` → in-band error.
 * @module
 */
import { EventStreamTranslator } from '../shared/event-stream-translator.ts';
import { isObject, type JsonObject, tryParseJson } from '../shared/json.ts';
import type { SseEvent } from '../shared/sse-parser.ts';
import { STRUCTURED_OUTPUT_TOOL } from './anthropic-parameters.ts';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicErrorObject } from './map-anthropic-error.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';

export class AnthropicStreamTranslator extends EventStreamTranslator {
  private rawUsage: JsonObject | undefined;
  /** content block index → OpenAI tool_calls index. */
  private readonly toolIndexByBlock = new Map<number, number>();
  private finished = false;
  /** Content block index of the structured-output tool, whose input is streamed as text. */
  private structuredBlock: number | undefined;

  protected handle(event: SseEvent): string {
    const data = tryParseJson(event.data);
    if (!isObject(data)) return this.brokenFrame('Anthropic', event.data);
    const type = event.event || String(data.type ?? '');
    switch (type) {
      case 'message_start':
        return this.onMessageStart(data);
      case 'content_block_start':
        return this.onBlockStart(data);
      case 'content_block_delta':
        return this.onBlockDelta(data);
      case 'message_delta':
        return this.onMessageDelta(data);
      case 'message_stop':
        return (this.finished ? '' : this.writer.finish('stop')) + this.finishStream();
      case 'error':
        return this.fail(
          mapAnthropicErrorObject(undefined, isObject(data.error) ? data.error : undefined, {}),
        );
      default:
        return ''; // ping, content_block_stop, unknown events
    }
  }

  /** message_delta carried the stop reason: closing without message_stop still ended the answer. */
  protected endedNormally(): boolean {
    return this.done || this.finished;
  }

  private recordUsage(update: unknown): void {
    if (!isObject(update)) return;
    this.rawUsage = mergeAnthropicUsage(this.rawUsage, update);
    this.latestUsage = convertAnthropicUsage(this.rawUsage);
  }

  private onMessageStart(data: JsonObject): string {
    const message = isObject(data.message) ? data.message : {};
    if (typeof message.id === 'string') this.writer.id = message.id;
    this.recordUsage(message.usage);
    return this.writer.start();
  }

  private onBlockStart(data: JsonObject): string {
    const block = isObject(data.content_block) ? data.content_block : {};
    if (block.type === 'tool_use' && block.name === STRUCTURED_OUTPUT_TOOL) {
      this.structuredBlock = Number(data.index);
      return '';
    }
    if (block.type === 'tool_use') {
      const toolIndex = this.toolIndexByBlock.size;
      this.toolIndexByBlock.set(Number(data.index), toolIndex);
      this.contentCount++;
      return this.writer.toolCallStart(toolIndex, String(block.id ?? ''), String(block.name ?? ''));
    }
    if (block.type === 'text' && typeof block.text === 'string' && block.text !== '') {
      this.contentCount++;
      return this.writer.text(block.text);
    }
    return '';
  }

  private onBlockDelta(data: JsonObject): string {
    const delta = isObject(data.delta) ? data.delta : {};
    switch (delta.type) {
      case 'text_delta':
        if (typeof delta.text !== 'string' || delta.text === '') return '';
        this.contentCount++;
        return this.writer.text(delta.text);
      case 'input_json_delta': {
        if (Number(data.index) === this.structuredBlock) {
          if (typeof delta.partial_json !== 'string' || delta.partial_json === '') return '';
          this.contentCount++;
          return this.writer.text(delta.partial_json);
        }
        const toolIndex = this.toolIndexByBlock.get(Number(data.index));
        if (toolIndex === undefined || typeof delta.partial_json !== 'string' || delta.partial_json === '')
          return '';
        this.contentCount++;
        return this.writer.toolCallArguments(toolIndex, delta.partial_json);
      }
      case 'thinking_delta':
        return typeof delta.thinking === 'string' && delta.thinking !== ''
          ? this.writer.reasoning(delta.thinking)
          : '';
      default:
        return '';
    }
  }

  private onMessageDelta(data: JsonObject): string {
    this.recordUsage(data.usage);
    const delta = isObject(data.delta) ? data.delta : {};
    if (this.finished || delta.stop_reason === undefined || delta.stop_reason === null) return '';
    this.finished = true;
    const structuredOnly = delta.stop_reason === 'tool_use' && this.toolIndexByBlock.size === 0;
    return this.writer.finish(structuredOnly ? 'stop' : mapAnthropicStopReason(delta.stop_reason));
  }
}
