/**
 * The commented starter config `quadrant init` writes. Kept valid: a test loads it with the keys set.
 * @module
 */
export const GATEWAY_YAML_TEMPLATE = `# Quadrant gateway config — start it with: quadrant serve --config gateway.yaml
# Every key is checked at start (unknown keys are errors). \${VAR} reads an environment variable,
# \${VAR:-default} gives a default. Docs: README.md (Gateway) and docs/provider-parameters.md.

# Currency of the costs reported to clients (usage.cost, x-quadrant-cost) and written to the ledger.
currency: USD

# Upstreams. kind: openai | anthropic | gemini | zhipu | ark | dashscope | deepseek | openai-compatible.
# base_url defaults to the provider's production URL; api_key is best read from the environment.
providers:
  - id: openai
    kind: openai
    api_key: \${OPENAI_API_KEY}
  - id: anthropic
    kind: anthropic
    api_key: \${ANTHROPIC_API_KEY}
  # - id: qwen
  #   kind: dashscope
  #   base_url: https://dashscope.aliyuncs.com          # native API; …/compatible-mode/v1 for the OpenAI mode
  #   api_key: \${DASHSCOPE_API_KEY}

# Models clients may ask for. id: the name clients send; provider: one of the ids above;
# upstream: the provider's own name (default: id); catalog: the catalog entry that prices it (default: id).
models:
  - id: gpt-4o-mini
    provider: openai
  - id: claude-haiku-4-5
    provider: anthropic

# Routes: one name, several candidates. strategy: fixed | fallback | loadbalance | cheapest | fastest.
routes:
  - id: smart-cheap
    strategy: fallback
    candidates: [gpt-4o-mini, claude-haiku-4-5]

# API keys of the gateway (clients send them as Bearer tokens, or x-api-key on /v1/messages).
# Without any key the gateway is open. budget: { amount, currency, period: day|week|month|total }.
keys:
  - name: dev
    key: \${QUADRANT_DEV_KEY:-sk-quadrant-dev-change-me}
    budget: { amount: "20", currency: USD, period: month }
    # rpm: 60            # requests per minute
    # tpm: 100000        # tokens per minute
    # routes: [smart-cheap]

# A parameter a provider cannot receive (e.g. seed on Anthropic) is refused with 400 unsupported_parameter;
# drop_params: true drops it instead and lists it in the x-quadrant-dropped-params header.
drop_params: false

# One JSON line per request (request id, key name, route, model, provider, status, tokens, cost, latency;
# never bodies or secrets): stdout | stderr | off | a file path.
access_log: stdout

# OpenTelemetry traces (GenAI semantic conventions) over OTLP/HTTP; also via OTEL_EXPORTER_OTLP_ENDPOINT.
# otel: { endpoint: http://127.0.0.1:4318, service_name: quadrant }

# Request body limit (bytes): the default 32 MiB fits a 20 MB image sent as base64.
# body_limit_bytes: 33554432

# The admin key opens the operations dashboard, /api/operations, /v1/quadrant/sla and the simulator's runs
# (needed once there is any key above, or with --host 0.0.0.0; without one they stay closed). Log in at /login
# or send it as a Bearer token. The QUADRANT_ADMIN_KEY environment variable is read without this line.
# admin_key: \${QUADRANT_ADMIN_KEY}

# Web pages of other origins get 403 unless listed here (e.g. a browser app using the openai SDK).
# cors: { allowed_origins: ["https://app.example.com"] }
# Host names the gateway is reached by besides localhost and its IP addresses (DNS-rebinding guard; 421 otherwise).
# allowed_hosts: [gw.example.com]

# Several gateway processes (README: Several gateway processes): keys, budgets and the ledger in PostgreSQL,
# rate limits and upstream ejections in Redis. Default: the embedded SQLite store (./data/quadrant.db).
# database: postgres://quadrant@db.internal:5432/quadrant
# redis: redis://cache.internal:6379
# When one of them is unreachable: closed (503 store_unavailable) or open (served unchecked, loud log, metric).
# on_store_failure: closed

# retry: { attempts_per_upstream: 2, max_attempts: 4 }
# timeouts: { connect_ms: 5000, first_byte_ms: 60000, idle_ms: 120000, drain_ms: 25000 }
`;
