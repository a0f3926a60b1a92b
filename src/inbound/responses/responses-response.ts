/**
 * The gateway's chat completion → an OpenAI Responses API `response` object: output items (reasoning,
 * message with output_text, function_call), status (completed / incomplete with the reason), usage in the
 * Responses naming (input_tokens, output_tokens, *_details, total_tokens) plus the gateway's cost fields.
 * @module
 */
import { isObject, type JsonObject } from '../../providers/shared/json.ts';

/** What the response echoes of the request, and its identity. */
export interface ResponseFrame {
  /** `resp_…` */
  id: string;
  /** Epoch seconds. */
  createdAt: number;
  /** The model id the client asked for. */
  model: string;
  /** The client's Responses request body (echoed fields: instructions, tools, text, …). */
  request: JsonObject;
}

export function responseUsage(usage: JsonObject | undefined): JsonObject | null {
  if (!usage) return null;
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  const prompt = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const completion = isObject(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  const out: JsonObject = {
    input_tokens: num(usage.prompt_tokens),
    input_tokens_details: { cached_tokens: num(prompt.cached_tokens) },
    output_tokens: num(usage.completion_tokens),
    output_tokens_details: { reasoning_tokens: num(completion.reasoning_tokens) },
    total_tokens: num(usage.total_tokens) || num(usage.prompt_tokens) + num(usage.completion_tokens),
  };
  if ('cost' in usage) out.cost = usage.cost;
  if ('currency' in usage) out.currency = usage.currency;
  return out;
}

/** A `response` object in a given state (used by the JSON answer and by every stream event that carries one). */
export function responseObject(
  frame: ResponseFrame,
  state: {
    status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
    output: JsonObject[];
    usage?: JsonObject | null;
    incompleteReason?: string;
    error?: JsonObject | null;
  },
): JsonObject {
  const r = frame.request;
  const tools = Array.isArray(r.tools) ? r.tools : [];
  return {
    id: frame.id,
    object: 'response',
    created_at: frame.createdAt,
    status: state.status,
    background: false,
    error: state.error ?? null,
    incomplete_details: state.incompleteReason ? { reason: state.incompleteReason } : null,
    instructions: typeof r.instructions === 'string' ? r.instructions : null,
    max_output_tokens: typeof r.max_output_tokens === 'number' ? r.max_output_tokens : null,
    model: frame.model,
    output: state.output,
    parallel_tool_calls: r.parallel_tool_calls !== false,
    previous_response_id: null,
    reasoning: { effort: isObject(r.reasoning) ? (r.reasoning.effort ?? null) : null, summary: null },
    store: false,
    temperature: typeof r.temperature === 'number' ? r.temperature : null,
    text:
      isObject(r.text) && isObject(r.text.format) ? { format: r.text.format } : { format: { type: 'text' } },
    tool_choice: r.tool_choice ?? 'auto',
    tools,
    top_p: typeof r.top_p === 'number' ? r.top_p : null,
    truncation: 'disabled',
    usage: state.usage ?? null,
    user: typeof r.user === 'string' ? r.user : null,
    metadata: isObject(r.metadata) ? r.metadata : {},
  };
}

/** finish_reason → Responses status and incomplete reason. */
export function responseStatus(finishReason: unknown): {
  status: 'completed' | 'incomplete';
  incompleteReason?: string;
} {
  if (finishReason === 'length') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (finishReason === 'content_filter') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed' };
}

export function messageItem(id: string, text: string, status: string): JsonObject {
  return {
    id,
    type: 'message',
    status,
    role: 'assistant',
    content: status === 'in_progress' ? [] : [outputTextPart(text)],
  };
}

export function outputTextPart(text: string): JsonObject {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function functionCallItem(
  id: string,
  callId: string,
  name: string,
  args: string,
  status: string,
): JsonObject {
  return { id, type: 'function_call', status, arguments: args, call_id: callId, name };
}

export function reasoningItem(id: string, text: string): JsonObject {
  return { id, type: 'reasoning', summary: text === '' ? [] : [{ type: 'summary_text', text }] };
}

/** Item ids derived from the response id, so that one response's items are unique and stable. */
export function itemId(prefix: 'msg' | 'fc' | 'rs', responseId: string, n: number): string {
  return `${prefix}_${responseId.replace(/^resp_/, '')}_${n}`;
}

/** A non-streaming chat.completion → Responses `response`. */
export function chatCompletionToResponse(completion: JsonObject, frame: ResponseFrame): JsonObject {
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  const choice = choices.find((c) => isObject(c) && (c.index ?? 0) === 0);
  const message = isObject(choice) && isObject(choice.message) ? choice.message : {};
  const output: JsonObject[] = [];
  let n = 0;
  if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '')
    output.push(reasoningItem(itemId('rs', frame.id, n++), message.reasoning_content));
  if (typeof message.content === 'string' && message.content !== '')
    output.push(messageItem(itemId('msg', frame.id, n++), message.content, 'completed'));
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    if (!isObject(call)) continue;
    const fn = isObject(call.function) ? call.function : {};
    output.push(
      functionCallItem(
        itemId('fc', frame.id, n++),
        String(call.id ?? ''),
        String(fn.name ?? ''),
        typeof fn.arguments === 'string' ? fn.arguments : '{}',
        'completed',
      ),
    );
  }
  const { status, incompleteReason } = responseStatus(isObject(choice) ? choice.finish_reason : undefined);
  return responseObject(frame, {
    status,
    incompleteReason,
    output,
    usage: responseUsage(isObject(completion.usage) ? completion.usage : undefined),
  });
}
