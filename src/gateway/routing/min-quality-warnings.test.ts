import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResolvedModel, ResolvedRoute } from '../resolve-gateway.ts';
import { minQualityWarnings } from './min-quality-warnings.ts';

const model = (modelId: string, catalogId: string) => ({ modelId, catalogId }) as ResolvedModel;
const route = (over: Partial<ResolvedRoute>): ResolvedRoute => ({
  id: 'smart',
  explicit: true,
  strategy: 'cheapest',
  candidates: [model('gpt-4o', 'gpt-4o'), model('cheap', 'qwen-long')],
  ...over,
});
const quality = (id: string) => (id === 'gpt-4o' ? 86.6 : null);

test('a candidate without a quality index under a min_quality route is named once', () => {
  const w = minQualityWarnings([route({ minQuality: 60 })], quality);
  assert.equal(w.length, 1);
  assert.match(
    w[0],
    /^warning: route "smart": min_quality 60 excludes candidate "cheap" \(catalog model qwen-long\): it has no quality index/,
  );
});

test('no floor, implicit routes and indexed candidates give no warning', () => {
  assert.deepEqual(minQualityWarnings([route({})], quality), []);
  assert.deepEqual(minQualityWarnings([route({ minQuality: 60, explicit: false })], quality), []);
  assert.deepEqual(
    minQualityWarnings([route({ minQuality: 99, candidates: [model('gpt-4o', 'gpt-4o')] })], quality),
    [],
  );
});
