/** zod refinement helper: one issue per repeated `id`, at the path of the repeat. */
import type { z } from 'zod';

export function reportDuplicateIds(
  entries: Array<{ id: string; path: Array<string | number> }>,
  what: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.id))
      ctx.addIssue({ code: 'custom', message: `duplicate ${what} id "${e.id}"`, path: e.path });
    seen.add(e.id);
  }
}
