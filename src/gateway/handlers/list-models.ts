/** GET /v1/models: the configured models and routes, OpenAI `list` shape. */
import type { GatewayContext } from '../gateway-context.ts';

export function listModelsBody(ctx: GatewayContext, allowed: string[] | null): string {
  const data = [...ctx.resolved.routes.values()]
    .filter((r) => !allowed || allowed.includes(r.id))
    .map((r) =>
      r.explicit
        ? {
            id: r.id,
            object: 'model',
            created: 0,
            owned_by: 'quadrant-route',
            strategy: r.strategy,
            candidates: r.candidates.map((c) => c.modelId),
          }
        : {
            id: r.id,
            object: 'model',
            created: 0,
            owned_by: r.candidates[0].provider.id,
            catalog: r.candidates[0].catalogId,
          },
    );
  return JSON.stringify({ object: 'list', data });
}
