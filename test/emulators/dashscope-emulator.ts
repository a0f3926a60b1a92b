/**
 * DashScope emulator: the OpenAI-compatible mode under `/compatible-mode/v1` and the native text-generation
 * API under `/api/v1/services/aigc/text-generation/generation` (`id:N` / `event:result` / `:HTTP_STATUS/200`
 * frames, no space after colons, finish_reason "null" until the end, cumulative usage in every frame).
 * @module
 */
import type { ConversationPlan } from './conversation.ts';
import type { EmulatorContext, ProviderEmulator, StatusFault } from './emulator-server.ts';
import { openAIConversationInput, openAIStyleEmulator } from './openai-style-emulator.ts';

type Json = Record<string, unknown>;
const NATIVE_PATH = '/services/aigc/text-generation/generation';

function nativeUsage(plan: ConversationPlan, output: number, reasoning: number): Json {
  const usage = plan.usage;
  const result: Json = {
    total_tokens: usage.inputTokens + output,
    output_tokens: output,
    input_tokens: usage.inputTokens,
  };
  if (usage.cachedInputTokens > 0) result.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  if (reasoning > 0) result.output_tokens_details = { reasoning_tokens: reasoning };
  return result;
}

function nativeErrorBody(status: number): Json {
  const code =
    status === 429
      ? 'Throttling.RateQuota'
      : status === 401
        ? 'InvalidApiKey'
        : status >= 500
          ? 'InternalError'
          : 'InvalidParameter';
  const message =
    status === 429 ? 'Requests rate limit exceeded, please try again later.' : `emulated ${status}`;
  return { code, message, request_id: 'emu-native-error' };
}

function native(context: EmulatorContext, requestId: string) {
  const json = context.json ?? {};
  const input = (json.input as Json | undefined) ?? {};
  const parameters = (json.parameters as Json | undefined) ?? {};
  const plan = context.plan(
    openAIConversationInput({
      ...input,
      tools: parameters.tools,
      tool_choice: parameters.tool_choice,
      response_format: parameters.response_format,
    }),
  );
  const stream =
    context.request.headers['x-dashscope-sse'] === 'enable' ||
    String(context.request.headers.accept ?? '').includes('text/event-stream');
  const toolCalls = plan.toolCall
    ? [
        {
          index: 0,
          id: plan.toolCall.id,
          type: 'function',
          function: { name: plan.toolCall.name, arguments: plan.toolCall.argumentsJson },
        },
      ]
    : undefined;
  const finish = plan.toolCall ? 'tool_calls' : 'stop';
  if (!stream) {
    const message: Json = { role: 'assistant', content: plan.text };
    if (toolCalls) message.tool_calls = toolCalls;
    if (plan.usage.reasoningTokens > 0) message.reasoning_content = 'Let me think.';
    return context.sendJson(200, {
      output: { choices: [{ finish_reason: finish, message }] },
      usage: nativeUsage(plan, plan.usage.outputTokens, plan.usage.reasoningTokens),
      request_id: requestId,
    });
  }
  const incremental = parameters.incremental_output === true;
  const frames: string[] = [];
  const push = (message: Json, finishReason: string, output: number, reasoning: number) => {
    const data = {
      output: { choices: [{ message, finish_reason: finishReason }] },
      usage: nativeUsage(plan, output, reasoning),
      request_id: requestId,
    };
    frames.push(`id:${frames.length + 1}\nevent:result\n:HTTP_STATUS/200\ndata:${JSON.stringify(data)}\n\n`);
  };
  const reasoning = plan.usage.reasoningTokens;
  if (reasoning > 0)
    push(
      { content: '', reasoning_content: 'Let me think.', role: 'assistant' },
      'null',
      reasoning,
      reasoning,
    );
  if (toolCalls) {
    push(
      { content: '', role: 'assistant', tool_calls: toolCalls },
      finish,
      plan.usage.outputTokens,
      reasoning,
    );
  } else {
    let sofar = '';
    plan.pieces.forEach((piece, index) => {
      sofar += piece;
      const last = index === plan.pieces.length - 1;
      const output = last
        ? plan.usage.outputTokens
        : Math.min(plan.usage.outputTokens, reasoning + index + 1);
      push(
        { content: incremental ? piece : sofar, role: 'assistant' },
        last ? finish : 'null',
        output,
        reasoning,
      );
    });
  }
  return context.sendStream({
    contentType: 'text/event-stream;charset=UTF-8',
    headers: { 'x-request-id': requestId },
    frames,
    terminator: [],
    inbandError: (message) =>
      `id:99\nevent:result\n:HTTP_STATUS/200\ndata:${JSON.stringify({ request_id: requestId, code: 'Throttling.RateQuota', message })}\n\n`,
    brokenFrame:
      'id:98\nevent:result\n:HTTP_STATUS/200\ndata:{"output":{"choices":[{"message":{"content":"br\n\n',
  });
}

export function dashScopeEmulator(): ProviderEmulator {
  const compat = openAIStyleEmulator('dashscope', 'dashscope');
  let counter = 0;
  return {
    kind: 'dashscope',
    baseUrl: compat.baseUrl,
    nativeUrl: (origin) => origin,
    errorResponse: (fault: StatusFault, path: string) => {
      if (!path.endsWith(NATIVE_PATH)) return compat.errorResponse(fault, path);
      const body = fault.body ?? nativeErrorBody(fault.status);
      return {
        body: typeof body === 'string' ? body : JSON.stringify(body),
        contentType: 'application/json',
      };
    },
    handle(context) {
      if (context.method === 'POST' && context.path.endsWith(NATIVE_PATH)) {
        return native(context, `00000000-emu-4000-8000-${String(++counter).padStart(12, '0')}`);
      }
      return compat.handle(context);
    },
  };
}
