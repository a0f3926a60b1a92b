/**
 * Tokens a chat template adds around the messages, per tokenizer family, on top of the tokens of each
 * message's role, name and content (documented approximations; the provider's usage report is authoritative):
 *   o200k_base / cl100k_base — OpenAI's published rule (openai-cookbook "How to count tokens with tiktoken"):
 *                              3 per message, +1 when a message has a `name`, +3 priming the reply.
 *   qwen                     — ChatML `<|im_start|>role\n … <|im_end|>\n`: 4 per message, +3 for the reply
 *                              header `<|im_start|>assistant\n`.
 *   deepseek                 — `<｜User｜>… <｜Assistant｜>` role markers: 1 per message, +2 (BOS, reply marker).
 *   estimate:*               — the OpenAI rule.
 */
export interface ChatOverhead {
  perMessage: number;
  perName: number;
  reply: number;
}

const OPENAI_RULE: ChatOverhead = { perMessage: 3, perName: 1, reply: 3 };

export const CHAT_OVERHEAD: Record<string, ChatOverhead> = {
  o200k_base: OPENAI_RULE,
  cl100k_base: OPENAI_RULE,
  qwen: { perMessage: 4, perName: 1, reply: 3 },
  deepseek: { perMessage: 1, perName: 1, reply: 2 },
};

export function chatOverheadFor(tokenizerId: string): ChatOverhead {
  return CHAT_OVERHEAD[tokenizerId] ?? OPENAI_RULE;
}
