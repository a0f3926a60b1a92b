/**
 * The least work any Node.js gateway does per call, as a floor for the realistic benchmark: node:http server, read
 * the body, JSON.parse it, forward it with an undici Pool (keep-alive, as Quadrant's upstream pools), read the
 * answer, JSON.parse it, send it back. No auth, routing, pricing, budget, ledger or metrics. Its req/s against the
 * same upstream is the ceiling of a Node 20 process on this machine; its c=1 latency, the least a hop adds.
 *   node bench/node-floor-proxy.ts <port> <upstream origin, e.g. http://127.0.0.1:9000>
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

const port = Number(process.argv[2] ?? 0);
const pool = new Pool(process.argv[3] ?? 'http://127.0.0.1:9000', {
  pipelining: 1,
  keepAliveTimeout: 30_000,
});

const server = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', async () => {
    try {
      const text = Buffer.concat(parts).toString('utf8');
      JSON.parse(text);
      const up = await pool.request({
        method: 'POST',
        path: req.url ?? '/',
        headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
        body: text,
      });
      const answer = await up.body.text();
      if (!answer.startsWith('data:')) JSON.parse(answer);
      res.writeHead(up.statusCode, {
        'content-type': String(up.headers['content-type'] ?? 'application/json'),
      });
      res.end(answer);
    } catch (err) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err), type: 'upstream_error' } }));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : ''}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
