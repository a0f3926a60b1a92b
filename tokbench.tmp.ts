import { countTokens } from './src/tokenize/index.ts';
import { loadCatalog } from './src/catalog/load-catalog.ts';
const cat = loadCatalog();
const ids = { o200k: 'gpt-4o', qwen: 'qwen-max' };
const models = cat.models().map(m=>[m.id,m.tokenizer]);
const pick: Record<string,string> = {};
for (const [id,t] of models) if (!pick[t]) pick[t]=id;
console.log(pick);
for (const [t, id] of Object.entries(pick)) {
  countTokens(id, 'warm', cat);
  for (const n of [100_000, 1_000_000]) {
    const s = 'a'.repeat(n);
    const t0 = performance.now(); const c = countTokens(id, s, cat).tokens; const t1 = performance.now();
    const w = Array.from({length:n/8},(_,i)=>'word'+(i%1000)).join(' ');
    const t2 = performance.now(); const c2 = countTokens(id, w, cat).tokens; const t3 = performance.now();
    const zh = '中文文本的价格战'.repeat(n/8);
    const t4 = performance.now(); const c3 = countTokens(id, zh, cat).tokens; const t5 = performance.now();
    console.log(t, n, c, (t1-t0).toFixed(0)+'ms', c2, (t3-t2).toFixed(0)+'ms', c3, (t5-t4).toFixed(0)+'ms');
  }
}
