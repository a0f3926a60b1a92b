/**
 * The client matrix's setting: one gateway over four provider emulators (OpenAI, Anthropic, Gemini, DashScope
 * native), and a recorder that turns each test into a matrix cell and prints the matrix at the end.
 */
import { after, before, test } from 'node:test';
import { type AllEmulators, startAllEmulators } from '../emulators/index.ts';
import { catalogWithEmbeddings, type Harness, startHarness } from '../gateway/gateway-harness.ts';

export const GATEWAY_KEY = 'sk-client-matrix-key-000000000001';

/** Model ids the clients ask for, one per provider kind behind the gateway. */
export const MODELS = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  gemini: 'gemini-2.5-flash',
  dashscope: 'qwen-plus',
  embeddings: 'emb',
} as const;

export interface ClientSetting {
  h: Harness;
  emus: AllEmulators;
  /** http://127.0.0.1:PORT/v1 */
  baseURL: string;
  /** http://127.0.0.1:PORT */
  origin: string;
}

/** Starts (once per file) the emulators and the gateway; closes them after the file's tests. */
export function useClientSetting(): () => ClientSetting {
  let setting: ClientSetting | undefined;
  before(async () => {
    const emus = await startAllEmulators();
    const h = await startHarness(
      {
        retry: { attempts_per_upstream: 1 },
        providers: [
          { id: 'oa', kind: 'openai', base_url: emus.openai.url, api_key: 'sk-emu' },
          { id: 'an', kind: 'anthropic', base_url: emus.anthropic.url, api_key: 'sk-emu' },
          { id: 'ge', kind: 'gemini', base_url: emus.gemini.url, api_key: 'sk-emu' },
          { id: 'ds', kind: 'dashscope', base_url: emus.dashscope.nativeUrl, api_key: 'sk-emu' },
        ],
        models: [
          { id: MODELS.openai, provider: 'oa' },
          { id: MODELS.anthropic, provider: 'an' },
          { id: MODELS.gemini, provider: 'ge' },
          { id: MODELS.dashscope, provider: 'ds' },
          {
            id: MODELS.embeddings,
            provider: 'oa',
            upstream: 'embed-model',
            catalog: 'text-embedding-3-small',
          },
        ],
        keys: [{ name: 'matrix', key: GATEWAY_KEY }],
      },
      { catalog: catalogWithEmbeddings() },
    );
    setting = { h, emus, baseURL: `${h.gateway.url}/v1`, origin: h.gateway.url };
  });
  after(async () => {
    await setting?.h.close();
    await setting?.emus.close();
  });
  return () => {
    if (!setting) throw new Error('client setting not started');
    return setting;
  };
}

type Outcome = 'pass' | 'fail' | 'n/a';

/** Matrix cells: client row × feature column. */
export class ClientMatrix {
  private readonly cells = new Map<string, Map<string, Outcome>>();
  private readonly features: string[] = [];

  constructor(private readonly title: string) {
    after(() => process.stdout.write(`\n${this.render()}\n`));
  }

  private set(client: string, feature: string, outcome: Outcome): void {
    if (!this.features.includes(feature)) this.features.push(feature);
    let row = this.cells.get(client);
    if (!row) {
      row = new Map();
      this.cells.set(client, row);
    }
    row.set(feature, outcome);
  }

  /** Declares one cell as a test: it passes when `fn` resolves. */
  cell(client: string, feature: string, fn: () => Promise<void>, options: { timeout?: number } = {}): void {
    this.set(client, feature, 'fail');
    test(`${client} · ${feature}`, { timeout: options.timeout ?? 30_000 }, async () => {
      await fn();
      this.set(client, feature, 'pass');
    });
  }

  /** A feature the client or protocol does not have. */
  notApplicable(client: string, feature: string): void {
    this.set(client, feature, 'n/a');
  }

  render(): string {
    const mark = (o: Outcome | undefined) => (o === 'pass' ? 'pass' : o === 'fail' ? 'FAIL' : '–');
    const width = Math.max(...[...this.cells.keys()].map((c) => c.length), 6);
    const header = `| ${'client'.padEnd(width)} | ${this.features.join(' | ')} |`;
    const rule = `|${'-'.repeat(width + 2)}|${this.features.map((f) => '-'.repeat(f.length + 2)).join('|')}|`;
    const rows = [...this.cells.entries()].map(
      ([client, row]) =>
        `| ${client.padEnd(width)} | ${this.features.map((f) => mark(row.get(f)).padEnd(f.length)).join(' | ')} |`,
    );
    return [`${this.title}`, header, rule, ...rows].join('\n');
  }
}
