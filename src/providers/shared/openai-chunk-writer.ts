/**
 * Builds OpenAI `chat.completion.chunk` SSE frames for translators of non-OpenAI streams.
 * @module
 */
import { ERROR_CATALOG } from '../../errors.ts';
import type { StreamOptions, UpstreamError, Usage } from '../types.ts';
import { toOpenAIUsage } from './usage.ts';

export const DONE_FRAME = 'data: [DONE]\n\n';

export function frame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** The OpenAI-shaped in-band error frame the client gets when the upstream stream fails. */
export function errorFrame(info: UpstreamError): string {
  return frame({
    error: { message: info.message, type: ERROR_CATALOG[info.code].type, code: info.code, param: null },
  });
}

export class OpenAIChunkWriter {
  private roleSent = false;
  /** The provider's response id once known (else options.id). */
  id: string;

  constructor(private readonly options: StreamOptions) {
    this.id = options.id;
  }

  private chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    if (!this.roleSent) {
      this.roleSent = true;
      delta = { role: 'assistant', ...delta };
    }
    return frame({
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.options.created,
      model: this.options.clientModel,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
  }

  /** The first chunk (role only), so clients see the assistant turn start. */
  start(): string {
    return this.roleSent ? '' : this.chunk({ content: '' });
  }

  text(content: string): string {
    return this.chunk({ content });
  }

  reasoning(content: string): string {
    return this.chunk({ reasoning_content: content });
  }

  toolCallStart(index: number, id: string, name: string, args = ''): string {
    return this.chunk({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: args } }] });
  }

  toolCallArguments(index: number, args: string): string {
    return this.chunk({ tool_calls: [{ index, function: { arguments: args } }] });
  }

  finish(reason: string): string {
    return this.chunk({}, reason);
  }

  /** The usage chunk (`choices: []`), only when the client asked for it. */
  usage(usage: Usage | undefined): string {
    if (!this.options.includeUsage || usage === undefined) return '';
    return frame({
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.options.created,
      model: this.options.clientModel,
      choices: [],
      usage: toOpenAIUsage(usage, this.options.decorateUsage),
    });
  }
}
