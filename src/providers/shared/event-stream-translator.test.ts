import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encoder, streamOptions, translate } from '../../../test/providers/support.ts';
import { EventStreamTranslator } from './event-stream-translator.ts';
import { isObject, tryParseJson } from './json.ts';
import type { SseEvent } from './sse-parser.ts';
import { unreadableResponse } from './upstream-error.ts';

/**
 * A scripted provider: each frame is a JSON object whose keys are actions, applied in this order —
 * `usage` (tokens in = out = n), `text`, `fail` (one or more failures), `end` (the upstream's terminator),
 * `done` (ended normally without a terminator). A frame that is not an object is broken.
 */
class Scripted extends EventStreamTranslator {
  readonly handled: string[] = [];

  protected handle(event: SseEvent): string {
    this.handled.push(event.data);
    const data = tryParseJson(event.data);
    if (!isObject(data)) return this.brokenFrame('Scripted', event.data);
    let out = '';
    if (typeof data.usage === 'number') {
      const n = data.usage;
      this.latestUsage = {
        inputTokens: n,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: n,
        reasoningTokens: 0,
      };
    }
    if (typeof data.text === 'string') out += this.writer.text(data.text);
    for (const message of [data.fail ?? []].flat()) out += this.fail(unreadableResponse(String(message)));
    if (data.end === true) out += this.finishStream();
    if (data.done === true) this.done = true;
    return out;
  }
}

const frame = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;
const text = (content: string, role = false): string =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-gw',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'client-model',
    choices: [{ index: 0, delta: role ? { role: 'assistant', content } : { content }, finish_reason: null }],
  })}\n\n`;
const usage = (n: number): string =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-gw',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'client-model',
    choices: [],
    usage: {
      prompt_tokens: n,
      completion_tokens: n,
      total_tokens: 2 * n,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  })}\n\n`;
const errorOf = (message: string): string =>
  `data: ${JSON.stringify({ error: { message, type: 'server_error', code: 'upstream_error', param: null } })}\n\n`;
const DONE = 'data: [DONE]\n\n';

describe('EventStreamTranslator', () => {
  it('the terminator: usage chunk then [DONE], exactly once however often the upstream repeats it', () => {
    const translator = new Scripted(streamOptions());
    const out = translate(
      translator,
      frame({ text: 'a', usage: 3 }) + frame({ end: true }) + frame({ end: true }),
    );
    assert.equal(out, text('a', true) + usage(3) + DONE);
    assert.equal(translator.completed(), true);
    assert.deepEqual(translator.usage()?.outputTokens, 3);
  });

  it('no usage chunk when the client did not ask for it', () => {
    const translator = new Scripted(streamOptions({ includeUsage: false }));
    assert.equal(translate(translator, frame({ usage: 3, end: true })), DONE);
  });

  it('a failure: one error frame (the first failure wins), nothing after it, never completed', () => {
    const translator = new Scripted(streamOptions());
    const pushed = translator.push(
      encoder.encode(frame({ text: 'a' }) + frame({ fail: ['first', 'second'] }) + frame({ text: 'b' })),
    );
    assert.equal(pushed, text('a', true) + errorOf('first'));
    assert.equal(translator.error()?.message, 'first');
    assert.equal(translator.push(encoder.encode(frame({ text: 'c' }))), '');
    assert.equal(translator.end(), '');
    assert.deepEqual(translator.handled, ['{"text":"a"}', '{"fail":["first","second"]}']);
    assert.equal(translator.completed(), false);
  });

  it('the terminator after a failure sends nothing', () => {
    const translator = new Scripted(streamOptions());
    assert.equal(translate(translator, frame({ fail: 'x', end: true })), errorOf('x'));
    assert.equal(translator.completed(), false);
  });

  it('a frame that is not JSON fails the stream, quoting its first 120 characters', () => {
    const translator = new Scripted(streamOptions());
    const garbage = `<html>${'x'.repeat(200)}`;
    const out = translate(translator, `data: ${garbage}\n\n${frame({ text: 'late' })}`);
    const message = `Scripted sent an unparseable stream frame: ${garbage.slice(0, 120)}`;
    assert.equal(out, errorOf(message));
    assert.deepEqual([translator.error()?.code, translator.error()?.message], ['upstream_error', message]);
  });

  it('end() once: a second end() and a push after it send nothing', () => {
    const translator = new Scripted(streamOptions());
    translator.push(encoder.encode(frame({ text: 'a', done: true })));
    assert.equal(translator.end(), DONE);
    assert.equal(translator.end(), '');
    assert.equal(translator.push(encoder.encode(frame({ text: 'b' }))), '');
    assert.deepEqual(translator.handled, ['{"text":"a","done":true}']);
  });

  it('closed without a normal end: no [DONE], not completed', () => {
    const translator = new Scripted(streamOptions());
    assert.equal(translate(translator, frame({ text: 'a', usage: 1 })), text('a', true));
    assert.equal(translator.completed(), false);
  });

  it('an event completed only at end() (its blank line split as \\r…\\r) is handled, in order', () => {
    const translator = new Scripted(streamOptions());
    const pushed = translator.push(
      encoder.encode(`data: {"text":"a"}\r\rdata: {"text":"b","done":true}\r\r`),
    );
    assert.equal(pushed, text('a', true));
    assert.equal(translator.end(), text('b') + DONE);
  });

  it('an event failing at end() stops there: later events are not handled', () => {
    const translator = new Scripted(streamOptions());
    translator.push(encoder.encode('data: {"fail":"x"}\r\r'));
    assert.equal(translator.end(), errorOf('x'));
    assert.deepEqual(translator.handled, ['{"fail":"x"}']);
  });

  it('a final JSON object without its blank line is handled (also after extra spaces)', () => {
    const translator = new Scripted(streamOptions());
    assert.equal(translate(translator, 'data:   {"text":"a","done":true}'), text('a', true) + DONE);
    const failing = new Scripted(streamOptions());
    assert.equal(
      translate(failing, frame({ text: 'a' }) + 'data: {"fail":"x","done":true}'),
      text('a', true) + errorOf('x'),
    );
    assert.equal(failing.completed(), false);
  });

  it('a final fragment that is not a complete JSON object is dropped', () => {
    for (const tail of ['data: {"text":"a"', 'data: [1]', 'data: "text"']) {
      const translator = new Scripted(streamOptions());
      assert.equal(translate(translator, frame({ done: true }) + tail), DONE, tail);
      assert.deepEqual(translator.handled, ['{"done":true}'], tail);
      assert.equal(translator.error(), undefined, tail);
    }
  });
});
