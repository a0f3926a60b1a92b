import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Router } from './router.ts';

const h = (name: string) => Object.assign(() => {}, { label: name });

test('literal, parameter and wildcard paths; literal paths win', () => {
  const models = h('models');
  const model = h('model');
  const asset = h('asset');
  const r = new Router()
    .add('GET', '/v1/models', models)
    .add('GET', '/v1/models/{id}', model)
    .add('GET', '/assets/*', asset);
  assert.deepEqual(r.match('GET', '/v1/models'), { kind: 'found', handler: models, params: {} });
  assert.deepEqual(r.match('GET', '/v1/models/qwen%2Dlong'), {
    kind: 'found',
    handler: model,
    params: { id: 'qwen-long' },
  });
  assert.deepEqual(r.match('GET', '/assets/vendor/vega.min.js'), {
    kind: 'found',
    handler: asset,
    params: { '*': 'vendor/vega.min.js' },
  });
  assert.equal(r.match('GET', '/v1/models/').kind, 'not_found');
  assert.equal(r.match('GET', '/v1/models/a/b').kind, 'not_found');
  assert.equal(r.match('GET', '/assets').kind, 'not_found');
});

test('405 lists the allowed methods (HEAD with GET); HEAD is served by GET', () => {
  const get = h('get');
  const r = new Router()
    .add('POST', '/v1/chat/completions', h('chat'))
    .add('GET', '/v1/quadrant/requests/{id}', get);
  assert.deepEqual(r.match('GET', '/v1/chat/completions'), { kind: 'method_not_allowed', allow: 'POST' });
  assert.deepEqual(r.match('DELETE', '/v1/quadrant/requests/r1'), {
    kind: 'method_not_allowed',
    allow: 'GET, HEAD',
  });
  assert.deepEqual(r.match('HEAD', '/v1/quadrant/requests/r1'), {
    kind: 'found',
    handler: get,
    params: { id: 'r1' },
  });
});

test('a route defined twice or a parameter inside a segment is refused', () => {
  const r = new Router().add('POST', '/v1/messages', h('a'));
  assert.throws(() => r.add('post', '/v1/messages', h('b')), /POST \/v1\/messages is defined twice/);
  assert.throws(() => r.add('GET', '/v1/x-{id}', h('c')), /whole segment/);
});
