/**
 * The config used when `quadrant serve` gets no config file: one provider per standard environment variable
 * that is set (OPENAI_API_KEY, DASHSCOPE_API_KEY, …; base URL overridable with e.g. OPENAI_BASE_URL), serving
 * the catalog's active models of that provider's vendor.
 */
import type { Catalog } from '../../catalog/catalog.ts';
import { PROVIDER_ENV } from '../../providers/index.ts';
import type { ProviderKind } from '../../providers/types.ts';
import type { GatewayConfig } from './config-schema.ts';
import { validateConfig } from './load-config.ts';

export function configFromEnv(
  catalog: Catalog,
  env: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const providers: Array<Record<string, unknown>> = [];
  const models: Array<Record<string, unknown>> = [];
  const taken = new Set<string>();
  for (const [kind, spec] of Object.entries(PROVIDER_ENV) as Array<
    [ProviderKind, (typeof PROVIDER_ENV)[ProviderKind]]
  >) {
    const apiKey = env[spec.apiKey];
    if (!apiKey || !spec.vendor) continue;
    providers.push({ id: kind, kind, base_url: env[spec.baseUrl] || spec.defaultBaseUrl, api_key: apiKey });
    for (const m of catalog.models()) {
      if (m.vendor !== spec.vendor || m.status !== 'active' || taken.has(m.id)) continue;
      taken.add(m.id);
      models.push({ id: m.id, provider: kind });
    }
  }
  return validateConfig({ providers, models }, env);
}
