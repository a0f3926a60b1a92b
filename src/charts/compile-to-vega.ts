/**
 * Vega-Lite → Vega, on the server. The dashboard embeds the compiled Vega spec so browsers load only vega and
 * vega-embed (vega-lite's 250 KB compiler stays on the server; it is still served for anyone who wants it).
 * Compiled specs are memoised per spec object.
 */
import type { TopLevelSpec } from 'vega-lite';

const compiled = new WeakMap<TopLevelSpec, unknown>();

export async function compileToVega(spec: TopLevelSpec): Promise<unknown> {
  const hit = compiled.get(spec);
  if (hit) return hit;
  const vl = await import('vega-lite');
  const vega = vl.compile(spec).spec;
  compiled.set(spec, vega);
  return vega;
}
