/**
 * Start-up warnings for `cheapest` (and any) routes with `min_quality`: a candidate whose catalog model has NO
 * quality index can never meet the floor, so the route silently never uses it — say so once, at start.
 */
import type { ResolvedRoute } from '../resolve-gateway.ts';

export function minQualityWarnings(
  routes: Iterable<ResolvedRoute>,
  quality: (catalogId: string) => number | null,
): string[] {
  const lines: string[] = [];
  for (const r of routes) {
    if (!r.explicit || r.minQuality === undefined) continue;
    for (const c of r.candidates) {
      if (quality(c.catalogId) !== null) continue;
      lines.push(
        `warning: route "${r.id}": min_quality ${r.minQuality} excludes candidate "${c.modelId}" (catalog model ${c.catalogId}): it has no quality index (no published score on the index's scale), so this route never uses it`,
      );
    }
  }
  return lines;
}
