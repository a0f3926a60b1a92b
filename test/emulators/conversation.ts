/**
 * Deterministic answers derived from the request: echo text, an optional tool call, usage from word counts
 * (or the usage the test set).
 * @module
 */
import type { EmulatorReply, EmulatorUsage } from './emulator-types.ts';

/** What a provider emulator extracted from its own request format. */
export interface ConversationInput {
  /** Every text of the prompt (system, messages, tool results), for the input token count. */
  texts: string[];
  lastUserText: string;
  lastIsToolResult: boolean;
  toolNames: string[];
  /** tool_choice none / mode NONE. */
  toolsDisabled: boolean;
  /** JSON mode (response_format / responseMimeType): the answer is a JSON value following the schema. */
  json?: { schema?: unknown };
  /** A tool the request forces (tool_choice naming one), with its parameter schema. */
  forcedTool?: { name: string; schema?: unknown };
}

export interface ConversationPlan {
  text: string;
  /** Text split into stream pieces ("Echo:", " hello", …). */
  pieces: string[];
  toolCall?: { id: string; name: string; arguments: Record<string, unknown>; argumentsJson: string };
  usage: Required<EmulatorUsage>;
}

export function wordCount(text: string): number {
  return (text.match(/\S+/g) ?? []).length;
}

export function planConversation(
  input: ConversationInput,
  reply: EmulatorReply | null,
  usage: EmulatorUsage | null,
  requestNumber: number,
): ConversationPlan {
  const text =
    reply?.text ??
    (input.json
      ? JSON.stringify(jsonForSchema(input.json.schema, input.lastUserText))
      : `Echo: ${input.lastUserText}`);
  const wantsTool =
    reply?.toolCall !== undefined ||
    input.forcedTool !== undefined ||
    (input.toolNames.length > 0 &&
      !input.lastIsToolResult &&
      !input.toolsDisabled &&
      reply?.noToolCall !== true);
  let toolCall: ConversationPlan['toolCall'];
  if (wantsTool) {
    const name = reply?.toolCall?.name ?? input.forcedTool?.name ?? input.toolNames[0];
    const args =
      reply?.toolCall?.arguments ??
      (input.forcedTool?.schema
        ? (jsonForSchema(input.forcedTool.schema, input.lastUserText) as Record<string, unknown>)
        : { echo: input.lastUserText });
    toolCall = {
      id: `call_emu_${requestNumber}`,
      name,
      arguments: args,
      argumentsJson: JSON.stringify(args),
    };
  }
  const outputText = toolCall ? toolCall.argumentsJson : text;
  const computed: Required<EmulatorUsage> = {
    inputTokens: Math.max(1, wordCount(input.texts.join(' '))),
    outputTokens: Math.max(1, wordCount(outputText)),
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
  const finalUsage: Required<EmulatorUsage> = usage
    ? {
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cachedInputTokens: usage.cachedInputTokens ?? 0,
        cacheWriteTokens: usage.cacheWriteTokens ?? 0,
        reasoningTokens: usage.reasoningTokens ?? 0,
      }
    : computed;
  return {
    text: toolCall ? '' : text,
    pieces: toolCall ? [] : splitPieces(text),
    toolCall,
    usage: finalUsage,
  };
}

export function splitPieces(text: string): string[] {
  const pieces = text.split(/(?=\s)/).filter((piece) => piece.length > 0);
  return pieces.length > 0 ? pieces : [''];
}

/** Splits a string in up to `parts` pieces (tool-call argument deltas). */
export function splitString(text: string, parts: number): string[] {
  if (text.length === 0) return [''];
  const size = Math.ceil(text.length / parts);
  const out: string[] = [];
  for (let index = 0; index < text.length; index += size) out.push(text.slice(index, index + size));
  return out;
}

/** Deterministic embedding: values k/256 (exact in float32) from the text's char codes. */
export function embedText(text: string, dimensions = 8): number[] {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++)
    hash = Math.imul(hash ^ text.charCodeAt(index), 16777619) >>> 0;
  const vector: number[] = [];
  for (let index = 0; index < dimensions; index++) {
    hash = Math.imul(hash ^ (index + 1), 2654435761) >>> 0;
    vector.push(((hash % 512) - 256) / 256);
  }
  return vector;
}

/** Text of an OpenAI/Anthropic-style content (string or parts). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      if (typeof part !== 'object' || part === null) return '';
      const record = part as Record<string, unknown>;
      if (typeof record.text === 'string') return record.text;
      if (record.type === 'tool_result') return contentText(record.content);
      return '';
    })
    .filter((text) => text.length > 0)
    .join(' ');
}

/**
 * A JSON value that follows a JSON schema (objects with every property, strings = the prompt, numbers 1,
 * booleans true, arrays of one item, the first enum value): what a model in JSON mode answers.
 */
export function jsonForSchema(schema: unknown, text: string): unknown {
  if (typeof schema !== 'object' || schema === null) return { echo: text };
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ('const' in s) return s.const;
  const anyOf = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length > 0) return jsonForSchema(anyOf[0], text);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
    case 'STRING':
      return text;
    case 'number':
    case 'integer':
    case 'NUMBER':
    case 'INTEGER':
      return 1;
    case 'boolean':
    case 'BOOLEAN':
      return true;
    case 'array':
    case 'ARRAY':
      return [jsonForSchema(s.items, text)];
    case 'null':
      return null;
    default: {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      if (Object.keys(properties).length === 0) return { echo: text };
      return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, jsonForSchema(v, text)]));
    }
  }
}
