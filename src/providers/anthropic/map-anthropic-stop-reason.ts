/** Anthropic stop_reason → OpenAI finish_reason. @module */
export function mapAnthropicStopReason(reason: unknown): string {
  switch (reason) {
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
