/**
 * Micro-benchmark: why src/spread.ts exists. On Node 20 (V8 11.3), adding keys to an object made by an object
 * spread builds a new hidden class every time (≈ 0.7 µs a key, and the garbage of the maps); Object.assign onto a
 * fresh literal does not. The ledger record of one attempt (7 stamp fields + 12 more) is the case that cost the
 * gateway 10 µs per request.
 *   node --import tsx bench/micro/object-spread.bench.ts [--ms 1000]
 */
import { spread } from '../../src/spread.ts';
import { type MicroResult, measure, printTable } from './micro-kit.ts';

const args = process.argv.slice(2);
const ms = Number(args[args.indexOf('--ms') + 1] || 1000);

let n = 0;
const stamp = () => ({
  requestId: `r${n++}`,
  attempt: 1,
  keyId: null,
  keyName: null,
  route: 'gpt-4o-mini',
  endpoint: 'chat',
  stream: false,
});
const more = (i: number) => ({
  ts: i,
  model: 'gpt-4o-mini',
  provider: 'oai',
  status: 200,
  outcome: 'ok',
  usage: null,
  usageEstimated: false,
  cost: null,
  currency: 'USD',
  latencyMs: 1.5,
  ttftMs: null,
  errorCode: null,
});

const rows: MicroResult[] = [];
let sink = 0;
rows.push(
  await measure('{ ...stamp } (no key added)', () => (sink += Object.keys({ ...stamp() }).length), { ms }),
);
rows.push(
  await measure('{ ...stamp, ts } (1 key added)', () => (sink += Object.keys({ ...stamp(), ts: n }).length), {
    ms,
  }),
);
rows.push(
  await measure(
    '{ ...stamp, 12 keys } (the ledger record as it was)',
    () => {
      const s = stamp();
      sink += Object.keys({ ...s, ...more(n) }).length;
    },
    { ms },
  ),
);
rows.push(
  await measure(
    'spread(stamp, 12 keys) (src/spread.ts)',
    () => {
      sink += Object.keys(spread(stamp(), more(n))).length;
    },
    { ms },
  ),
);
rows.push(
  await measure(
    'all 19 fields written out (record-attempt.ts)',
    () => {
      const s = stamp();
      const m = more(n);
      const r = {
        requestId: s.requestId,
        attempt: s.attempt,
        keyId: s.keyId,
        keyName: s.keyName,
        route: s.route,
        endpoint: s.endpoint,
        stream: s.stream,
        ...m,
      };
      sink += Object.keys(r).length;
    },
    { ms },
  ),
);
printTable(`object spread on Node ${process.version}`, rows);
if (sink === 0) console.log('');
