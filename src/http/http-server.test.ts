import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { QuadrantError } from '../errors.ts';
import type { HttpContext } from './http-context.ts';
import { type HttpServer, startHttpServer } from './http-server.ts';
import { body, errorResponse, type Middleware, requestId, route } from './middleware.ts';
import { parseJsonObject } from './read-body.ts';
import { Router } from './router.ts';
import { send } from './send.ts';

describe('HTTP server: routing table, middleware in order, one send', () => {
  let server: HttpServer;
  const order: string[] = [];
  const mark =
    (name: string): Middleware =>
    async (_c, next) => {
      order.push(`${name}>`);
      await next();
      order.push(`<${name}`);
    };
  before(async () => {
    const router = new Router()
      .add(
        'POST',
        '/echo/{name}',
        route(
          (c): HttpContext & { body: Record<string, unknown>; bodyBytes: number } => ({
            ...c,
            body: {},
            bodyBytes: 0,
          }),
          [errorResponse(), body(64, (raw) => parseJsonObject(raw))],
          (c) => send(c.res, 200, { name: c.params.name, body: c.body, id: c.requestId }),
        ),
      )
      .add(
        'GET',
        '/fail',
        route(
          (c) => c,
          [errorResponse()],
          () => {
            throw new QuadrantError('unknown_model', 'no such model', { param: 'model' });
          },
        ),
      );
    server = await startHttpServer({ router, middleware: [mark('outer'), requestId('t_'), mark('inner')] });
  });
  after(() => server.close());

  test('path parameters, parsed body and request id reach the handler; middleware wraps in order', async () => {
    const r = await fetch(`${server.url}/echo/abc`, { method: 'POST', body: '{"a":1}' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-request-id'), 't_1');
    assert.deepEqual(await r.json(), { name: 'abc', body: { a: 1 }, id: 't_1' });
    assert.deepEqual(order, ['outer>', 'inner>', '<inner', '<outer']);
  });

  test('404, 405 with Allow, 413 over the body limit, errors in the OpenAI shape', async () => {
    const notFound = await fetch(`${server.url}/nope`);
    assert.equal(notFound.status, 404);
    assert.equal(((await notFound.json()) as { error: { code: string } }).error.code, 'not_found');
    const wrongMethod = await fetch(`${server.url}/echo/abc`);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    await wrongMethod.body?.cancel();
    const tooLarge = await fetch(`${server.url}/echo/abc`, { method: 'POST', body: `"${'x'.repeat(100)}"` });
    assert.equal(tooLarge.status, 413);
    await tooLarge.body?.cancel();
    const failed = await fetch(`${server.url}/fail`);
    assert.equal(failed.status, 404);
    assert.deepEqual(await failed.json(), {
      error: {
        message: 'no such model',
        type: 'invalid_request_error',
        code: 'unknown_model',
        param: 'model',
      },
    });
  });
});
