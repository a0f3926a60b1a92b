/**
 * Gemini native API emulator: `data: <json>\r\n\r\n` frames with `": "` key spacing, no sentinel, connection
 * closed at the end; cumulative usageMetadata in every chunk; pretty-printed non-stream JSON with
 * `charset=UTF-8`; google.rpc.Status errors with RetryInfo.
 * @module
 */
import { type ConversationInput, type ConversationPlan, embedText } from './conversation.ts';
import type { EmulatorContext, ProviderEmulator, StatusFault } from './emulator-server.ts';

type Json = Record<string, unknown>;

const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Gemini's stream JSON style: `"key": value`, no space after commas. */
export function geminiJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(geminiJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${geminiJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const partsText = (parts: unknown) =>
  (Array.isArray(parts) ? (parts as Json[]) : [])
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .join(' ');

function conversationInput(json: Json): ConversationInput {
  const contents = Array.isArray(json.contents) ? (json.contents as Json[]) : [];
  const tools = Array.isArray(json.tools) ? (json.tools as Json[]) : [];
  const lastUser = [...contents]
    .reverse()
    .find((content) => content.role !== 'model' && partsText(content.parts) !== '');
  const last = contents.at(-1);
  const system = json.systemInstruction as Json | undefined;
  return {
    texts: [partsText(system?.parts), ...contents.map((content) => partsText(content.parts))],
    lastUserText: lastUser ? partsText(lastUser.parts) : '',
    lastIsToolResult:
      Array.isArray(last?.parts) &&
      (last.parts as Json[]).some((part) => part.functionResponse !== undefined),
    toolNames: tools.flatMap((tool) =>
      (Array.isArray(tool.functionDeclarations) ? (tool.functionDeclarations as Json[]) : []).map((fn) =>
        String(fn.name),
      ),
    ),
    toolsDisabled:
      ((json.toolConfig as Json | undefined)?.functionCallingConfig as Json | undefined)?.mode === 'NONE',
    json:
      (json.generationConfig as Json | undefined)?.responseMimeType === 'application/json'
        ? { schema: (json.generationConfig as Json).responseSchema }
        : undefined,
  };
}

function usageMetadata(plan: ConversationPlan, candidates: number | undefined, thoughts: number): Json {
  const usage = plan.usage;
  const result: Json = { promptTokenCount: usage.inputTokens };
  if (candidates !== undefined) result.candidatesTokenCount = candidates;
  result.totalTokenCount = usage.inputTokens + (candidates ?? 0) + thoughts;
  if (usage.cachedInputTokens > 0) result.cachedContentTokenCount = usage.cachedInputTokens;
  result.promptTokensDetails = [{ modality: 'TEXT', tokenCount: usage.inputTokens }];
  if (thoughts > 0) result.thoughtsTokenCount = thoughts;
  return result;
}

function candidate(parts: Json[], finishReason?: string): Json {
  return { content: { parts, role: 'model' }, finishReason, index: 0 };
}

function stream(context: EmulatorContext, plan: ConversationPlan, id: string, model: string) {
  const thoughts = plan.usage.reasoningTokens;
  const candidatesTotal = plan.usage.outputTokens - thoughts;
  const frames: string[] = [];
  const push = (parts: Json[], candidates: number | undefined, finishReason?: string) => {
    const chunk = {
      candidates: [candidate(parts, finishReason)],
      usageMetadata: usageMetadata(plan, candidates, thoughts),
      modelVersion: model,
      responseId: id,
    };
    frames.push(`data: ${geminiJson(chunk)}\r\n\r\n`);
  };
  if (thoughts > 0) push([{ text: 'Let me think.', thought: true }], undefined);
  if (plan.toolCall) {
    push(
      [
        {
          functionCall: { name: plan.toolCall.name, args: plan.toolCall.arguments },
          thoughtSignature: 'c2ln',
        },
      ],
      candidatesTotal,
      'STOP',
    );
  } else {
    plan.pieces.forEach((piece, index) => {
      const last = index === plan.pieces.length - 1;
      const sofar = last ? candidatesTotal : Math.min(candidatesTotal, index + 1);
      push([{ text: piece }], sofar, last ? 'STOP' : undefined);
    });
  }
  return context.sendStream({
    contentType: 'text/event-stream',
    frames,
    terminator: [],
    closeConnection: true,
    inbandError: (message) =>
      `data: ${geminiJson({ error: { code: 503, message, status: 'UNAVAILABLE' } })}\r\n\r\n`,
    brokenFrame: 'data: {"candidates": [{"content": {"parts": [{"text": "br\r\n\r\n',
  });
}

function generate(context: EmulatorContext, plan: ConversationPlan, id: string, model: string, count = 1) {
  const parts: Json[] = [];
  if (plan.usage.reasoningTokens > 0) parts.push({ text: 'Let me think.', thought: true });
  if (plan.toolCall)
    parts.push({ functionCall: { name: plan.toolCall.name, args: plan.toolCall.arguments } });
  else parts.push({ text: plan.text });
  const body = {
    candidates: Array.from({ length: count }, (_, index) => ({ ...candidate(parts, 'STOP'), index })),
    usageMetadata: usageMetadata(
      plan,
      plan.usage.outputTokens - plan.usage.reasoningTokens,
      plan.usage.reasoningTokens,
    ),
    modelVersion: model,
    responseId: id,
  };
  context.sendJson(200, body, { contentType: 'application/json; charset=UTF-8', pretty: true });
}

function embed(context: EmulatorContext, json: Json, batch: boolean) {
  const vector = (request: Json) => {
    const content = request.content as Json | undefined;
    const dims = typeof request.outputDimensionality === 'number' ? request.outputDimensionality : 8;
    return { values: embedText(partsText(content?.parts), dims) };
  };
  const body = batch
    ? { embeddings: (Array.isArray(json.requests) ? (json.requests as Json[]) : []).map(vector) }
    : { embedding: vector(json) };
  context.sendJson(200, body, { contentType: 'application/json; charset=UTF-8', pretty: true });
}

export function geminiEmulator(): ProviderEmulator {
  let counter = 0;
  return {
    kind: 'gemini',
    baseUrl: (origin) => origin,
    errorResponse: (fault: StatusFault) => {
      const status = RPC_STATUS[fault.status] ?? (fault.status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
      const details: Json[] = [];
      if (fault.status === 429) {
        details.push({
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [
            {
              quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
              quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
            },
          ],
        });
        details.push({
          '@type': 'type.googleapis.com/google.rpc.RetryInfo',
          retryDelay: fault.retryDelay ?? '1s',
        });
      } else if (fault.retryDelay) {
        details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: fault.retryDelay });
      }
      const body = fault.body ?? {
        error: {
          code: fault.status,
          message: `emulated ${fault.status}`,
          status,
          ...(details.length ? { details } : {}),
        },
      };
      return {
        body: typeof body === 'string' ? body : JSON.stringify(body, null, 2),
        contentType: 'application/json; charset=UTF-8',
      };
    },
    handle(context) {
      const match = /\/models\/([^/:]+):(\w+)$/.exec(context.path);
      if (context.method !== 'POST' || !match) return context.notFound();
      const [, model, method] = match;
      const json = context.json ?? {};
      if (method === 'batchEmbedContents' || method === 'embedContent')
        return embed(context, json, method === 'batchEmbedContents');
      const id = `emuResponse${++counter}`;
      const plan = context.plan(conversationInput(json));
      if (method === 'streamGenerateContent') return stream(context, plan, id, decodeURIComponent(model));
      const count = (json.generationConfig as Json | undefined)?.candidateCount;
      if (method === 'generateContent')
        return generate(context, plan, id, decodeURIComponent(model), typeof count === 'number' ? count : 1);
      return context.notFound();
    },
  };
}
