/**
 * Turns a validated config into what the hot path uses: providers with their adapters, models bound to a
 * provider and a catalog entry, and routes (every model id is also an implicit fixed route of itself).
 * Catalog entries are checked here, so a typo fails at start with the config path, not at the first request.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { QuadrantError, suggestClosest } from '../errors.ts';
import { PROVIDER_ENV } from '../providers/index.ts';
import type { ProviderAdapter, ProviderKind, UpstreamTarget } from '../providers/types.ts';
import { RouterRoutePolicy } from '../router/route-policy.ts';
import { readRouterFile } from '../router/router-file.ts';
import type { GatewayConfig, RouteConfig, Slo, Strategy } from './config/config-schema.ts';

function routerPolicy(r: RouteConfig, i: number): RouterRoutePolicy {
  try {
    return new RouterRoutePolicy(readRouterFile(r.router!), {
      routeId: r.id,
      candidates: r.candidates,
      threshold: r.threshold,
      targetStrongShare: r.target_strong_share,
    });
  } catch (err) {
    if (err instanceof QuadrantError) {
      throw new QuadrantError('invalid_config', `routes[${i}].router: ${err.message}`);
    }
    throw err;
  }
}

export type GetAdapter = (kind: ProviderKind, options?: { baseUrl?: string }) => ProviderAdapter;

export interface ResolvedProvider {
  id: string;
  kind: ProviderKind;
  adapter: ProviderAdapter;
  baseUrl: string;
  connections: number | undefined;
}

export interface ResolvedModel {
  /** The id clients send (config model id). */
  modelId: string;
  provider: ResolvedProvider;
  catalogId: string;
  weight: number;
  target: UpstreamTarget;
  /** Outlier-detection and SLA key: provider + model. */
  healthKey: string;
}

export interface ResolvedRoute {
  id: string;
  /** false for the implicit route of a bare model id. */
  explicit: boolean;
  strategy: Strategy;
  candidates: ResolvedModel[];
  minQuality?: number;
  slo?: Slo;
  /** strategy router: orders the candidates per request (chosen first, the rest as fallbacks). */
  router?: RouterRoutePolicy;
}

export interface ResolvedGateway {
  providers: Map<string, ResolvedProvider>;
  models: Map<string, ResolvedModel>;
  routes: Map<string, ResolvedRoute>;
}

export function resolveGateway(
  config: GatewayConfig,
  catalog: Catalog,
  getAdapter: GetAdapter,
): ResolvedGateway {
  const providers = new Map<string, ResolvedProvider>();
  const keys = new Map<string, { apiKey: string; headers?: Record<string, string> }>();
  config.providers.forEach((p, i) => {
    const baseUrl = (p.base_url ?? PROVIDER_ENV[p.kind].defaultBaseUrl)?.replace(/\/+$/, '');
    if (!baseUrl)
      throw new QuadrantError('invalid_config', `providers[${i}].base_url: required for kind ${p.kind}`);
    let adapter: ProviderAdapter;
    try {
      adapter = getAdapter(p.kind, { baseUrl });
    } catch (err) {
      throw new QuadrantError('invalid_config', `providers[${i}].kind: ${(err as Error).message}`);
    }
    providers.set(p.id, { id: p.id, kind: p.kind, adapter, baseUrl, connections: p.connections });
    keys.set(p.id, { apiKey: p.api_key ?? '', headers: p.headers });
  });
  const models = new Map<string, ResolvedModel>();
  config.models.forEach((m, i) => {
    const provider = providers.get(m.provider)!;
    const catalogId = m.catalog ?? m.id;
    if (!catalog.hasModel(catalogId)) {
      const hint = suggestClosest(
        catalogId,
        catalog.models().map((c) => c.id),
      );
      throw new QuadrantError(
        'invalid_config',
        `models[${i}].${m.catalog ? 'catalog' : 'id'}: "${catalogId}" is not in the catalog, so its calls cannot be priced` +
          `${hint.length ? ` (did you mean ${hint.join(', ')}?)` : ''}; set \`catalog:\` to the catalog model it is billed as`,
      );
    }
    const secrets = keys.get(m.provider)!;
    models.set(m.id, {
      modelId: m.id,
      provider,
      catalogId: catalog.model(catalogId).id,
      weight: m.weight ?? 1,
      target: {
        baseUrl: provider.baseUrl,
        apiKey: secrets.apiKey,
        upstreamModel: m.upstream ?? m.id,
        headers: secrets.headers,
        maxOutputTokens: catalog.model(catalogId).max_output_tokens,
      },
      healthKey: `${provider.id}/${m.id}`,
    });
  });
  const routes = new Map<string, ResolvedRoute>();
  for (const m of models.values()) {
    routes.set(m.modelId, { id: m.modelId, explicit: false, strategy: 'fixed', candidates: [m] });
  }
  config.routes.forEach((r, i) => {
    const candidates = r.candidates.map((c, j) => {
      const m = models.get(c)!;
      return r.weights ? { ...m, weight: r.weights[j] } : m;
    });
    routes.set(r.id, {
      id: r.id,
      explicit: true,
      strategy: r.strategy,
      candidates,
      minQuality: r.min_quality,
      slo: r.slo,
      router: r.router === undefined ? undefined : routerPolicy(r, i),
    });
  });
  return { providers, models, routes };
}
