/**
 * Canonical (OpenAI) chat request → Gemini generateContent body: `contents` (user/model), function calls and
 * responses as parts, `systemInstruction`, `generationConfig`, `tools.functionDeclarations`, `toolConfig`.
 * @module
 */
import { QuadrantError } from '../../errors.ts';
import { isObject, tryParseJson } from '../shared/json.ts';
import type { ChatRequest } from '../types.ts';
import { GEMINI_THINKING_BUDGET, isGeminiFileUri } from './gemini-parameters.ts';

type Part = Record<string, unknown>;

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function guessMimeType(url: string): string {
  if (/youtu\.?be/.test(url)) return 'video/mp4';
  const ext = /\.([a-z0-9]+)(?:$|\?)/i.exec(url)?.[1]?.toLowerCase();
  if (ext === 'png') return 'image/png';
  if (ext === 'webp') return 'image/webp';
  if (ext === 'pdf') return 'application/pdf';
  return 'image/jpeg';
}
interface Content {
  role: 'user' | 'model';
  parts: Part[];
}

function parts(content: unknown): Part[] {
  if (typeof content === 'string') return content.length > 0 ? [{ text: content }] : [];
  if (!Array.isArray(content)) return [];
  const result: Part[] = [];
  for (const part of content) {
    if (!isObject(part)) continue;
    if (part.type === 'text' && typeof part.text === 'string') result.push({ text: part.text });
    else if (part.type === 'image_url') {
      const url = isObject(part.image_url) ? String(part.image_url.url ?? '') : String(part.image_url ?? '');
      const data = DATA_URL.exec(url);
      if (data) result.push({ inlineData: { mimeType: data[1], data: data[2] } });
      else if (isGeminiFileUri(url))
        result.push({ fileData: { fileUri: url, mimeType: guessMimeType(url) } });
      // anything else was refused by the parameter table
    } else if (part.type === 'input_audio' && isObject(part.input_audio)) {
      const format = String(part.input_audio.format ?? 'wav');
      result.push({ inlineData: { mimeType: `audio/${format}`, data: String(part.input_audio.data ?? '') } });
    } else if (part.type === 'file' && isObject(part.file) && typeof part.file.file_data === 'string') {
      const data = DATA_URL.exec(part.file.file_data);
      if (data) result.push({ inlineData: { mimeType: data[1], data: data[2] } });
    }
  }
  return result;
}

function textOf(content: unknown): string {
  return parts(content)
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .join('');
}

/** JSON-schema keywords Gemini's OpenAPI-subset schema rejects. */
const UNSUPPORTED_SCHEMA_KEYS = new Set([
  '$schema',
  'additionalProperties',
  'strict',
  '$id',
  '$defs',
  'definitions',
]);

export function cleanSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(cleanSchema);
  if (!isObject(schema)) return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!UNSUPPORTED_SCHEMA_KEYS.has(key))
      result[key] =
        key === 'properties' && isObject(value)
          ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, cleanSchema(sub)]))
          : cleanSchema(value);
  }
  return result;
}

export function convertToGeminiContents(messages: ChatRequest['messages']): {
  system: Part[];
  contents: Content[];
} {
  const system: Part[] = [];
  const contents: Content[] = [];
  const toolNames = new Map<string, string>();
  const push = (role: Content['role'], newParts: Part[]) => {
    if (newParts.length === 0) return;
    const last = contents.at(-1);
    if (last && last.role === role) last.parts.push(...newParts);
    else contents.push({ role, parts: newParts });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...parts(message.content));
        break;
      case 'user':
        push('user', parts(message.content));
        break;
      case 'assistant': {
        const calls: Part[] = [];
        for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
          if (!isObject(call)) continue;
          const fn = isObject(call.function) ? call.function : {};
          const name = String(fn.name ?? '');
          if (typeof call.id === 'string') toolNames.set(call.id, name);
          const args =
            typeof fn.arguments === 'string' && fn.arguments.trim() !== '' ? tryParseJson(fn.arguments) : {};
          calls.push({ functionCall: { name, args: isObject(args) ? args : {} } });
        }
        push('model', [...parts(message.content), ...calls]);
        break;
      }
      case 'tool': {
        const id = String(message.tool_call_id ?? '');
        const name = toolNames.get(id) ?? (typeof message.name === 'string' ? message.name : id);
        const text = textOf(message.content);
        const parsed = tryParseJson(text);
        push('user', [
          { functionResponse: { name, response: isObject(parsed) ? parsed : { content: text } } },
        ]);
        break;
      }
      default:
        throw new QuadrantError('invalid_request', `unsupported message role '${String(message.role)}'`, {
          param: 'messages',
        });
    }
  }
  return { system, contents };
}

function toolConfig(choice: unknown): Record<string, unknown> | undefined {
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (isObject(choice) && isObject(choice.function)) {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [String(choice.function.name)] } };
  }
  return undefined;
}

export function buildGeminiBody(request: ChatRequest): Record<string, unknown> {
  const { system, contents } = convertToGeminiContents(request.messages);
  const body: Record<string, unknown> = { contents };
  if (system.length > 0) body.systemInstruction = { role: 'user', parts: system };
  const generationConfig: Record<string, unknown> = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') generationConfig.maxOutputTokens = maxTokens;
  if (typeof request.temperature === 'number') generationConfig.temperature = request.temperature;
  if (typeof request.top_p === 'number') generationConfig.topP = request.top_p;
  if (request.stop !== undefined && request.stop !== null) {
    generationConfig.stopSequences = Array.isArray(request.stop) ? request.stop : [request.stop];
  }
  if (typeof request.top_k === 'number') generationConfig.topK = request.top_k;
  if (typeof request.seed === 'number') generationConfig.seed = request.seed;
  if (typeof request.presence_penalty === 'number')
    generationConfig.presencePenalty = request.presence_penalty;
  if (typeof request.frequency_penalty === 'number')
    generationConfig.frequencyPenalty = request.frequency_penalty;
  if (typeof request.n === 'number' && request.n !== 1) {
    if (request.stream === true)
      throw new QuadrantError(
        'unsupported_parameter',
        'Gemini: "n" above 1 is supported only without streaming',
        {
          param: 'n',
        },
      );
    generationConfig.candidateCount = request.n;
  }
  if (request.logprobs === true) {
    if (request.stream === true)
      throw new QuadrantError(
        'unsupported_parameter',
        'Gemini: "logprobs" is supported only without streaming',
        {
          param: 'logprobs',
        },
      );
    generationConfig.responseLogprobs = true;
    if (typeof request.top_logprobs === 'number') generationConfig.logprobs = request.top_logprobs;
  }
  const format = request.response_format;
  if (isObject(format) && (format.type === 'json_object' || format.type === 'json_schema')) {
    generationConfig.responseMimeType = 'application/json';
    const spec = isObject(format.json_schema) ? format.json_schema : {};
    if (format.type === 'json_schema' && isObject(spec.schema))
      generationConfig.responseSchema = cleanSchema(spec.schema);
  }
  const effort = request.reasoning_effort;
  const budget =
    typeof request.thinking_budget_tokens === 'number'
      ? request.thinking_budget_tokens
      : typeof effort === 'string'
        ? GEMINI_THINKING_BUDGET[effort]
        : undefined;
  if (budget !== undefined) generationConfig.thinkingConfig = { thinkingBudget: budget };
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  if (Array.isArray(request.tools) && request.tools.length > 0) {
    const functionDeclarations = request.tools.filter(isObject).map((tool) => {
      const fn = isObject(tool.function) ? tool.function : {};
      const declaration: Record<string, unknown> = { name: fn.name };
      if (typeof fn.description === 'string') declaration.description = fn.description;
      if (isObject(fn.parameters)) declaration.parameters = cleanSchema(fn.parameters);
      return declaration;
    });
    body.tools = [{ functionDeclarations }];
    const config = toolConfig(request.tool_choice);
    if (config) body.toolConfig = config;
  }
  return body;
}
