/**
 * Micro-benchmark: admission of a 1,000-token Chinese prompt per tokenizer — the prompt count (the model's own
 * tokenizer, as the gateway counts on its event loop), the worst-case price (PriceBook) and the budget
 * reservation with its settlement (BudgetStore on an on-disk store, 'normal' durability) — each piece and the sum.
 *   node --import tsx bench/micro/admission.bench.ts [--ms 1000]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { BudgetStore } from '../../src/gateway/budget/budget-store.ts';
import { PriceBook } from '../../src/gateway/cost/price-book.ts';
import { dec } from '../../src/pricing/money.ts';
import { openStore } from '../../src/store/open-store.ts';
import { countPromptTokens } from '../../src/tokenize/index.ts';
import { type MicroResult, measure, printTable } from './micro-kit.ts';

const args = process.argv.slice(2);
const ms = Number(args[args.indexOf('--ms') + 1] || 1000);
const catalog = loadCatalog();
const book = new PriceBook(catalog);
const store = openStore(join(mkdtempSync(join(tmpdir(), 'qbench-admit-')), 'q.db'));
store.db.pragma('synchronous = NORMAL');
const budgets = new BudgetStore(store.db);
const budget = { amount: dec('1000000000'), currency: 'USD', period: 'month' as const };

const PARAGRAPH =
  '价格战正在改变大模型市场：各家厂商不断下调输入和输出的单价，缓存命中的价格更低，长上下文按阶梯计费。' +
  '开发者需要在质量、延迟和成本之间权衡，网关根据预算和服务等级选择最合适的模型，并在调用前预留最坏情况的费用。';

/** A Chinese user prompt of about `target` tokens for this model (grown paragraph by paragraph). */
function promptOf(model: string, target: number) {
  let text = '';
  const count = () =>
    countPromptTokens(model, { messages: [{ role: 'user', content: text }] }, catalog).tokens;
  while (count() < target) text += PARAGRAPH;
  return { messages: [{ role: 'user', content: text }] };
}

const MODELS: Array<[tokenizer: string, model: string]> = [
  ['o200k_base', 'gpt-4o-mini'],
  ['cl100k_base', 'gpt-4'],
  ['qwen', 'qwen-plus'],
  ['deepseek', 'deepseek-chat'],
  ['estimate', 'yi-large'],
];

const rows: MicroResult[] = [];
let seq = 0;
for (const [tokenizer, model] of MODELS) {
  const prompt = promptOf(model, 1000);
  const tokens = countPromptTokens(model, prompt, catalog).tokens;
  const label = `${tokenizer} (${model}, ${tokens} tokens, ${Buffer.byteLength(prompt.messages[0].content)} B)`;
  const count = () => countPromptTokens(model, prompt, catalog).tokens;
  const price = () => book.worstCaseCost(model, tokens, 1000, 'USD', Date.now());
  const reserve = () => {
    const r = budgets.reserveBudget('k', budget, dec('0.01'), Date.now(), {
      requestId: `req_${seq++}`,
      keyName: 'bench',
      route: 'r',
      model,
      provider: 'p',
      endpoint: 'chat',
    });
    budgets.settleBudget(r, dec('0.005'));
  };
  const c = await measure(`${label}: count`, count, { ms });
  const p = await measure(`${label}: price`, price, { ms });
  const r = await measure(`${label}: reserve + settle`, reserve, { ms });
  const all = await measure(
    `${label}: all three`,
    () => {
      const n = countPromptTokens(model, prompt, catalog).tokens;
      book.worstCaseCost(model, n, 1000, 'USD', Date.now());
      reserve();
    },
    { ms },
  );
  rows.push(c, p, r, all);
}
store.close();
printTable('Admission of a 1,000-token Chinese prompt, per tokenizer', rows);
