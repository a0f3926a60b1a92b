import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyStatus, parseDurationMs, retryAfterFromHeaders } from './upstream-error.ts';

describe('retryAfterFromHeaders', () => {
  it('prefers retry-after-ms, then retry-after seconds, then an HTTP date', () => {
    assert.equal(retryAfterFromHeaders({ 'retry-after-ms': '250', 'retry-after': '9' }), 250);
    assert.equal(retryAfterFromHeaders({ 'Retry-After': '2.5' }), 2500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterFromHeaders({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, now), 30_000);
    assert.equal(retryAfterFromHeaders({ 'retry-after': ['3'] }), 3000);
    assert.equal(retryAfterFromHeaders({ 'retry-after': 'soon' }), undefined);
    assert.equal(retryAfterFromHeaders({}), undefined);
  });

  it('parses Google durations', () => {
    assert.equal(parseDurationMs('12s'), 12_000);
    assert.equal(parseDurationMs('12.595337758s'), 12_595);
    assert.equal(parseDurationMs('500ms'), 500);
    assert.equal(parseDurationMs(7), undefined);
  });

  it('classifies statuses', () => {
    assert.deepEqual(classifyStatus(429), { code: 'upstream_rate_limited', retryable: true });
    assert.deepEqual(classifyStatus(529), { code: 'upstream_overloaded', retryable: true });
    assert.deepEqual(classifyStatus(504), { code: 'upstream_timeout', retryable: true });
    assert.deepEqual(classifyStatus(500), { code: 'upstream_error', retryable: true });
    assert.deepEqual(classifyStatus(403), { code: 'upstream_auth_failed', retryable: false });
    assert.deepEqual(classifyStatus(422), { code: 'upstream_bad_request', retryable: false });
  });
});
