/** GET /v1/models (and /v1/models/{id}): the configured models and routes, OpenAI `list` / Model shape. */
import { QuadrantError, suggestClosest } from '../../errors.ts';
import type { GatewayContext } from '../gateway-context.ts';

function modelObjects(ctx: GatewayContext, allowed: string[] | null): Array<Record<string, unknown>> {
  return [...ctx.resolved.routes.values()]
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
}

export function listModelsBody(ctx: GatewayContext, allowed: string[] | null): string {
  return JSON.stringify({ object: 'list', data: modelObjects(ctx, allowed) });
}

/** GET /v1/models/{id}: one model or route, the OpenAI Model object; 404 when unknown or not allowed. */
export function modelBody(ctx: GatewayContext, id: string, allowed: string[] | null): string {
  const found = modelObjects(ctx, allowed).find((m) => m.id === id);
  if (!found) {
    const hint = suggestClosest(
      id,
      modelObjects(ctx, allowed).map((m) => String(m.id)),
    );
    throw new QuadrantError(
      'unknown_model',
      `no model or route '${id}'${hint.length ? ` (did you mean ${hint.join(', ')}?)` : ''}`,
      { param: 'model' },
    );
  }
  return JSON.stringify(found);
}
