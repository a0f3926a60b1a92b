import OpenAI from 'openai';
import { startEmulator } from '../emulators/index.ts';
import { startHarness } from './gateway-harness.ts';

const emu = await startEmulator('openai');
const h = await startHarness({
  providers: [{ id: 'oai', kind: 'openai', base_url: emu.url, api_key: 'k' }],
  models: [{ id: 'gpt-4o', provider: 'oai' }],
});
emu.setFault({ type: 'delay', ms: 5000, times: 1 });
const controller = new AbortController();
const p = h
  .client()
  .chat.completions.create(
    { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] },
    { signal: controller.signal },
  )
  .catch((e) => console.error('client err', String(e)));
await new Promise((r) => setTimeout(r, 150));
console.error('requests', emu.requests.length);
controller.abort();
await p;
await new Promise((r) => setTimeout(r, 1000));
console.error(
  'disc',
  emu.disconnects,
  emu.requests.map((r) => r.aborted),
);
console.error(h.store.db.prepare('select outcome, status from gateway_ledger').all());
process.exit(0);
