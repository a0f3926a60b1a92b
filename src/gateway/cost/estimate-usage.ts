/**
 * Usage the provider did not report. A reply without usage is not free: the gateway counts it with the
 * model's own tokenizer (prompt as admitted, output from the reply's text) and marks the ledger row estimated.
 * A report of zero prompt tokens counts as missing — no real prompt has none.
 */
import { isObject } from '../../providers/shared/json.ts';
import type { Usage } from '../../providers/types.ts';
import type { GatewayContext } from '../gateway-context.ts';
import type { ResolvedModel } from '../resolve-gateway.ts';

export function usageMissing(usage: Usage | undefined): boolean {
  return !usage || usage.inputTokens <= 0;
}

function pushText(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) {
    for (const part of v) if (isObject(part)) pushText(part.text, out);
  }
}

/** The generated text of an OpenAI-shaped chat.completion: contents, reasoning, tool-call names and arguments. */
export function completionTexts(completion: Record<string, unknown>): string[] {
  const out: string[] = [];
  const choices = Array.isArray(completion.choices) ? completion.choices : [];
  for (const choice of choices) {
    const m = isObject(choice) ? choice.message : undefined;
    if (!isObject(m)) continue;
    pushText(m.content, out);
    pushText(m.reasoning_content, out);
    pushText(m.refusal, out);
    if (Array.isArray(m.tool_calls)) {
      for (const call of m.tool_calls) {
        const fn = isObject(call) ? call.function : undefined;
        if (!isObject(fn)) continue;
        pushText(fn.name, out);
        pushText(fn.arguments, out);
      }
    }
  }
  return out;
}

/** Usage counted by the gateway: `promptTokens` as admitted, output tokens of `outputTexts` by the model's tokenizer. */
export async function estimateUsage(
  ctx: GatewayContext,
  c: ResolvedModel,
  promptTokens: number,
  outputTexts: string[],
): Promise<Usage> {
  let outputTokens = 0;
  if (outputTexts.length > 0) {
    const bytes = outputTexts.reduce((n, t) => n + t.length * 3, 0);
    const counted = await ctx.prompts.count([c.catalogId], { input: outputTexts }, bytes);
    outputTokens = counted.get(c.catalogId)?.tokens ?? 0;
  }
  return {
    inputTokens: promptTokens,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens,
    reasoningTokens: 0,
  };
}
