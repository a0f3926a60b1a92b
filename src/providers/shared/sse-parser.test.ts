import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cutsFor, encoder, PROPERTY_RUNS } from '../../../test/providers/support.ts';
import { type SseEvent, SseParser } from './sse-parser.ts';

function parseAll(text: string, cuts: number[] = []): SseEvent[] {
  const parser = new SseParser();
  const bytes = encoder.encode(text);
  const points = [...new Set(cuts)].sort((a, b) => a - b);
  const events: SseEvent[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) events.push(...parser.push(bytes.subarray(start, point)));
    start = Math.max(start, point);
  }
  const { events: rest, incomplete } = parser.end();
  events.push(...rest);
  if (incomplete) events.push({ ...incomplete, event: `incomplete:${incomplete.event}` });
  return events;
}

describe('SseParser', () => {
  it('handles \\n\\n, \\r\\n\\r\\n and \\r\\r separators', () => {
    for (const separator of ['\n', '\r\n', '\r']) {
      const text = `data: {"a":1}${separator}${separator}event: x${separator}data:{"b":2}${separator}${separator}`;
      assert.deepEqual(parseAll(text), [
        { event: '', data: '{"a":1}', id: '' },
        { event: 'x', data: '{"b":2}', id: '' },
      ]);
    }
  });

  it('ignores comments, strips one space, joins multi-line data, keeps id', () => {
    const text = ': keep-alive\n\nid:7\nevent:result\n:HTTP_STATUS/200\ndata:  two spaces\ndata: line2\n\n';
    assert.deepEqual(parseAll(text), [{ event: 'result', data: ' two spaces\nline2', id: '7' }]);
  });

  it('returns an unterminated trailing frame as incomplete', () => {
    assert.deepEqual(parseAll('data: {"a":1}\n\ndata: {"b"'), [
      { event: '', data: '{"a":1}', id: '' },
      { event: 'incomplete:', data: '{"b"', id: '' },
    ]);
  });

  it('decodes multi-byte UTF-8 split across chunks', () => {
    const text = 'data: {"t":"Olá 你好 😀"}\r\n\r\n';
    fc.assert(
      fc.property(cutsFor(text), (cuts) => {
        assert.deepEqual(parseAll(text, cuts), [{ event: '', data: '{"t":"Olá 你好 😀"}', id: '' }]);
      }),
      PROPERTY_RUNS,
    );
  });

  it('gives the same events for any chunking (\\r\\n split between chunks included)', () => {
    const text =
      'event: a\r\ndata: 1\r\n\r\n: c\r\n\r\ndata: 2\r\rdata: 3\n\nevent: b\ndata: {"x": [1, 2]}   \n\n';
    // the comment-only frame dispatches nothing; trailing spaces of data are kept; \r\r ends a frame
    const expected: SseEvent[] = [
      { event: 'a', data: '1', id: '' },
      { event: '', data: '2', id: '' },
      { event: '', data: '3', id: '' },
      { event: 'b', data: '{"x": [1, 2]}   ', id: '' },
    ];
    assert.deepEqual(parseAll(text), expected);
    fc.assert(
      fc.property(cutsFor(text), (cuts) => {
        assert.deepEqual(parseAll(text, cuts), expected);
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('SseParser, chunk by chunk', () => {
  const ev = (data: string, event = '', id = ''): SseEvent => ({ event, data, id });

  it('returns each event as soon as its blank line arrives; only a trailing \\r waits for the next chunk', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push(encoder.encode('data: a\n\n')), [ev('a')]);
    assert.deepEqual(parser.push('data: b\r\rdata: c\n'), [ev('b')]);
    assert.deepEqual(parser.push('\r'), []); // maybe the first half of \r\n
    assert.deepEqual(parser.push('\ndata: d\r\n\r\n'), [ev('c'), ev('d')]);
    assert.deepEqual(parser.end(), { events: [], incomplete: undefined });
  });

  it('text chunks are accepted as they are; fields without a colon, event-only frames and unknown fields', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('data\n\nevent: ping\n\nretry: 1000\nid: 9\ndata:x\n\n'), [
      ev(''),
      ev('', 'ping'),
      ev('x', '', '9'),
    ]);
    // the id persists (last event id); a comment line alone dispatches nothing
    assert.deepEqual(parser.push(':only a comment\n\ndata: y\n\n'), [ev('y', '', '9')]);
  });

  it('end(): a frame whose fields all ended with their line is incomplete without its blank line', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('data: a\n'), []);
    assert.deepEqual(parser.end(), { events: [], incomplete: ev('a') });
    const cut = new SseParser();
    cut.push('data: a\n\ndata: b\r');
    assert.deepEqual(cut.end(), { events: [], incomplete: ev('b') });
    const nothing = new SseParser();
    nothing.push(': comment\n');
    assert.deepEqual(nothing.end(), { events: [], incomplete: undefined });
  });
});
