/**
 * OpenTelemetry traces over OTLP/HTTP JSON to a loopback collector: one SERVER span per request with the
 * GenAI attributes, one CLIENT child span per upstream attempt (a retried 500 gives two), the client's
 * traceparent continued; a collector that is down never fails or slows a request. Runs on each store: embedded
 * SQLite, and PostgreSQL + Redis (store-backends.ts).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type EmulatorHandle, startEmulator } from '../emulators/index.ts';
import { storeBackends } from '../support/store-backends.ts';
import { type Harness, startHarness } from './gateway-harness.ts';

const KEY = 'sk-otel-test-key-00000000000000001';
const PROMPT = 'a prompt that must not be traced 5e1d';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  status: { code: number; message?: string };
}

function attrs(span: OtlpSpan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of span.attributes) {
    const v = a.value;
    out[a.key] =
      v.intValue !== undefined ? Number(v.intValue) : (v.stringValue ?? v.boolValue ?? v.doubleValue);
  }
  return out;
}

async function startCollector(): Promise<{
  server: Server;
  url: string;
  spans: OtlpSpan[];
  bodies: string[];
}> {
  const spans: OtlpSpan[] = [];
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      assert.equal(req.url, '/v1/traces');
      assert.equal(req.headers['content-type'], 'application/json');
      bodies.push(text);
      const body = JSON.parse(text) as {
        resourceSpans: Array<{
          resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
          scopeSpans: Array<{ spans: OtlpSpan[] }>;
        }>;
      };
      for (const rs of body.resourceSpans) {
        assert.deepEqual(rs.resource.attributes[0], {
          key: 'service.name',
          value: { stringValue: 'quadrant-test' },
        });
        for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, bodies };
}

for (const backend of await storeBackends()) {
  describe(`OpenTelemetry traces (${backend.name})`, { skip: backend.skip }, () => {
    const test = (name: string, fn: () => Promise<void>) => it(name, { skip: backend.skip }, fn);
    let emu: EmulatorHandle;
    let collector: Awaited<ReturnType<typeof startCollector>>;
    let h: Harness;
    const config = (endpoint: string) => ({
      retry: { attempts_per_upstream: 2, backoff_base_ms: 0, backoff_cap_ms: 0 },
      providers: [{ id: 'an', kind: 'anthropic', base_url: emu.url, api_key: 'upstream-secret-abc' }],
      models: [{ id: 'claude-haiku-4-5', provider: 'an' }],
      keys: [{ name: 'tracer', key: KEY }],
      otel: { endpoint, service_name: 'quadrant-test' },
    });
    before(async () => {
      if (backend.skip) return;
      emu = await startEmulator('anthropic');
      collector = await startCollector();
      h = await startHarness(config(collector.url), { backend });
    });
    after(async () => {
      await h?.close();
      await emu?.close();
      collector?.server.close();
    });

    test('a request span with GenAI attributes and a child span per attempt', async () => {
      emu.setFault({ type: 'status', status: 500, times: 1 });
      const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/json',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
        body: JSON.stringify({
          model: 'claude-haiku-4-5',
          max_tokens: 50,
          messages: [{ role: 'user', content: PROMPT }],
        }),
      });
      assert.equal(res.status, 200);
      const usage = ((await res.json()) as { usage: { prompt_tokens: number; completion_tokens: number } })
        .usage;
      const bad = await fetch(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'nope', messages: [{ role: 'user', content: PROMPT }] }),
      });
      assert.equal(bad.status, 404);
      await h?.close(); // flushes the exporter

      const server = collector.spans.filter((s) => s.kind === 2);
      assert.equal(server.length, 2);
      const ok = server.find((s) => attrs(s)['http.response.status_code'] === 200)!;
      assert.equal(ok.traceId, '0af7651916cd43dd8448eb211c80319c', 'the client trace is continued');
      assert.equal(ok.parentSpanId, 'b7ad6b7169203331');
      assert.equal(ok.name, 'chat claude-haiku-4-5');
      assert.equal(ok.status.code, 0);
      const a = attrs(ok);
      assert.equal(a['gen_ai.operation.name'], 'chat');
      assert.equal(a['gen_ai.provider.name'], 'anthropic');
      assert.equal(a['gen_ai.system'], 'anthropic');
      assert.equal(a['gen_ai.request.model'], 'claude-haiku-4-5');
      assert.equal(a['gen_ai.response.model'], 'claude-haiku-4-5');
      assert.equal(a['gen_ai.request.max_tokens'], 50);
      assert.equal(a['gen_ai.usage.input_tokens'], usage.prompt_tokens);
      assert.equal(a['gen_ai.usage.output_tokens'], usage.completion_tokens);
      assert.equal(a['http.request.method'], 'POST');
      assert.equal(a['quadrant.attempts'], 2);
      assert.equal(a['error.type'], undefined);
      assert.ok(BigInt(ok.endTimeUnixNano) >= BigInt(ok.startTimeUnixNano));

      const children = collector.spans.filter((s) => s.parentSpanId === ok.spanId);
      assert.equal(children.length, 2, 'one child span per attempt');
      for (const c of children) {
        assert.equal(c.kind, 3);
        assert.equal(c.traceId, ok.traceId);
      }
      const [first, second] = children.map(attrs);
      assert.equal(first!['http.response.status_code'], 500);
      assert.equal(first!['error.type'], 'upstream_error');
      assert.equal(second!['http.response.status_code'], 200);
      assert.equal(second!['gen_ai.usage.output_tokens'], usage.completion_tokens);

      const refused = server.find((s) => s !== ok)!;
      assert.equal(refused.status.code, 2);
      assert.equal(attrs(refused)['error.type'], 'model_not_found');
      assert.notEqual(refused.traceId, ok.traceId);

      const sent = collector.bodies.join('\n');
      for (const secret of [KEY, PROMPT, 'upstream-secret-abc']) assert.equal(sent.includes(secret), false);
    });

    test('a collector that is down costs the request nothing', async () => {
      const dead = createServer();
      await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
      await new Promise<void>((r) => dead.close(() => r()));
      const logs: string[] = [];
      const g = await startHarness(config(url), { log: (l) => logs.push(l), backend });
      try {
        const res = await g.client(KEY).chat.completions.create({
          model: 'claude-haiku-4-5',
          messages: [{ role: 'user', content: 'hi' }],
        });
        assert.ok(res.choices.length > 0);
      } finally {
        await g.close();
      }
      assert.equal(logs.filter((l) => l.includes('OTLP export')).length, 1, logs.join('\n'));
    });
  });
}
