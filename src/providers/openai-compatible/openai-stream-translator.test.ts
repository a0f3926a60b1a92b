import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { errorChunk } from '../../../test/providers/expected-chunks.ts';
import {
  cutsFor,
  encoder,
  PROPERTY_RUNS,
  payloads,
  sdkChunks,
  sdkFinal,
  streamOptions,
  translate,
} from '../../../test/providers/support.ts';
import { DEEPSEEK_QUIRKS, OPENAI_QUIRKS, ZHIPU_QUIRKS } from './openai-compatible-quirks.ts';
import { OpenAIStreamTranslator } from './openai-stream-translator.ts';

// Real capture (providers.md §1.4), include_usage:true.
const OPENAI_CAPTURE = [
  '{"id":"chatcmpl-D","object":"chat.completion.chunk","created":1782321902,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_bbc23ca3d7","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"yS7A7FhhV"}',
  '{"id":"chatcmpl-D","object":"chat.completion.chunk","created":1782321902,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_bbc23ca3d7","choices":[{"index":0,"delta":{"content":"Olá"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"TuWnytCa"}',
  '{"id":"chatcmpl-D","object":"chat.completion.chunk","created":1782321902,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_bbc23ca3d7","choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"D1BuwrjA1C"}',
  '{"id":"chatcmpl-D","object":"chat.completion.chunk","created":1782321902,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_bbc23ca3d7","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null,"obfuscation":"cw1RS"}',
  '{"id":"chatcmpl-D","object":"chat.completion.chunk","created":1782321902,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_bbc23ca3d7","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":2,"total_tokens":22,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"obfuscation":"eScNPVmGYP3"}',
]
  .map((json) => `data: ${json}\n\n`)
  .join('')
  .concat('data: [DONE]\n\n');

// Real capture (providers.md §4): usage on the finish chunk, reasoning and cached tokens, CRLF-free.
const ZHIPU_CAPTURE =
  'data: {"id":"2026","created":1773349367,"object":"chat.completion.chunk","model":"glm-4.7-flash","choices":[{"index":0,"delta":{"role":"assistant","content":" friend"}}]}\n\n' +
  'data: {"id":"2026","created":1773349367,"object":"chat.completion.chunk","model":"glm-4.7-flash","choices":[{"index":0,"finish_reason":"stop","delta":{"role":"assistant","content":""}}],"usage":{"prompt_tokens":15,"completion_tokens":734,"total_tokens":749,"prompt_tokens_details":{"cached_tokens":14},"completion_tokens_details":{"reasoning_tokens":708}}}\n\n' +
  'data: [DONE]\n\n';

// Real capture (providers.md §7): keep-alive comment, usage with prompt_cache_hit_tokens on the finish chunk.
const DEEPSEEK_CAPTURE =
  ': keep-alive\n\n' +
  'data: {"id":"52af","object":"chat.completion.chunk","created":1773585479,"model":"deepseek-chat","system_fingerprint":"fp","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"logprobs":null,"finish_reason":null}]}\n\n' +
  'data: {"id":"52af","object":"chat.completion.chunk","created":1773585479,"model":"deepseek-chat","system_fingerprint":"fp","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":113,"total_tokens":125,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":4}}\n\n' +
  'data: [DONE]\n\n';

describe('OpenAIStreamTranslator', () => {
  it('forwards the OpenAI capture with the client model, and a decorated usage chunk', async () => {
    const translator = new OpenAIStreamTranslator(
      streamOptions({ decorateUsage: () => ({ cost: '0.01', currency: 'USD' }) }),
      OPENAI_QUIRKS,
    );
    const out = translate(translator, OPENAI_CAPTURE);
    assert.equal(translator.completed(), true);
    assert.equal(translator.contentEvents(), 2);
    assert.deepEqual(translator.usage(), {
      inputTokens: 20,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 2,
      reasoningTokens: 0,
    });
    const chunks = payloads(out);
    assert.ok(chunks.every((chunk) => chunk.model === 'client-model'));
    assert.equal(chunks[1].obfuscation, 'TuWnytCa'); // content frames are forwarded verbatim otherwise
    const usage = chunks.at(-1)!.usage as Record<string, unknown>;
    assert.equal(usage.cost, '0.01');
    assert.equal(usage.prompt_tokens, 20);
    assert.deepEqual((await sdkFinal(out)).choices[0].message.content, 'Olá!');
  });

  it('is split-invariant (random chunk boundaries, CRLF framing)', () => {
    const reference = translate(new OpenAIStreamTranslator(streamOptions(), OPENAI_QUIRKS), OPENAI_CAPTURE);
    const crlf = OPENAI_CAPTURE.replaceAll('\n', '\r\n');
    fc.assert(
      fc.property(fc.constantFrom(OPENAI_CAPTURE, crlf), cutsFor(crlf), (text, cuts) => {
        assert.equal(
          translate(new OpenAIStreamTranslator(streamOptions(), OPENAI_QUIRKS), text, cuts),
          reference,
        );
      }),
      PROPERTY_RUNS,
    );
  });

  it('Zhipu: usage on the finish chunk becomes a separate usage chunk; reasoning and cached exact', async () => {
    const translator = new OpenAIStreamTranslator(streamOptions(), ZHIPU_QUIRKS);
    const out = translate(translator, ZHIPU_CAPTURE);
    assert.deepEqual(translator.usage(), {
      inputTokens: 15,
      cachedInputTokens: 14,
      cacheWriteTokens: 0,
      outputTokens: 734,
      reasoningTokens: 708,
    });
    const chunks = await sdkChunks(out);
    assert.equal(chunks.length, 3);
    assert.equal(chunks[1].choices[0].finish_reason, 'stop');
    assert.equal(chunks[1].usage, undefined);
    assert.deepEqual(chunks[2].choices, []);
    assert.equal(chunks[2].usage?.completion_tokens_details?.reasoning_tokens, 708);
  });

  it('DeepSeek: prompt_cache_hit_tokens → cached input', () => {
    fc.assert(
      fc.property(cutsFor(DEEPSEEK_CAPTURE), (cuts) => {
        const translator = new OpenAIStreamTranslator(streamOptions(), DEEPSEEK_QUIRKS);
        const out = translate(translator, DEEPSEEK_CAPTURE, cuts);
        assert.equal(translator.usage()?.cachedInputTokens, 8);
        assert.equal(translator.usage()?.inputTokens, 12);
        assert.equal((payloads(out).at(-1)!.usage as Record<string, unknown>).prompt_cache_hit_tokens, 8);
        assert.equal(translator.completed(), true);
      }),
      PROPERTY_RUNS,
    );
  });

  it('without include_usage no usage chunk is sent', () => {
    const translator = new OpenAIStreamTranslator(streamOptions({ includeUsage: false }), ZHIPU_QUIRKS);
    const out = translate(translator, ZHIPU_CAPTURE);
    assert.ok(payloads(out).every((chunk) => chunk.usage === undefined));
    assert.equal(translator.usage()?.outputTokens, 734);
  });

  it('truncated before finish_reason (no [DONE]) → not completed and no [DONE] written', () => {
    const translator = new OpenAIStreamTranslator(streamOptions(), OPENAI_QUIRKS);
    const out = translate(translator, OPENAI_CAPTURE.split('\n\n').slice(0, 3).join('\n\n').concat('\n\n'));
    assert.equal(translator.completed(), false);
    assert.ok(!out.includes('[DONE]'));
  });

  it('in-band {"error":…} → error(), an OpenAI error frame, nothing after', () => {
    const translator = new OpenAIStreamTranslator(streamOptions(), OPENAI_QUIRKS);
    const text = `${OPENAI_CAPTURE.split('\n\n')[1]}\n\ndata: {"error":{"message":"rate limited","type":"requests","code":"rate_limit_exceeded"}}\n\ndata: {"choices":[]}\n\n`;
    const out = translate(translator, text);
    assert.equal(translator.error()?.code, 'upstream_rate_limited');
    assert.ok(out.endsWith('"param":null}}\n\n'));
    assert.equal(translator.completed(), false);
  });

  it('garbage frames → upstream_error', () => {
    const translator = new OpenAIStreamTranslator(streamOptions(), OPENAI_QUIRKS);
    translate(translator, 'data: not json\n\ndata: [DONE]\n\n');
    assert.equal(translator.error()?.code, 'upstream_error');
    assert.equal(translator.completed(), false);
  });

  it('accepts a final frame without its blank line, and padded JSON', () => {
    const translator = new OpenAIStreamTranslator(streamOptions(), OPENAI_QUIRKS);
    const out = translate(
      translator,
      'data:{"id":"a","model" : "up","choices":[{"index":0,"delta":{"content":"x"}}]}   \n\ndata: [DONE]',
    );
    assert.equal(translator.completed(), true);
    assert.equal(payloads(out)[0].model, 'client-model');
  });
});

describe('SSE robustness (issue 11)', () => {
  const options = () => streamOptions({ includeUsage: true });

  it('a chunk spread over several data: lines is re-assembled and re-emitted on one line', () => {
    const multi =
      'data: {"id":"c","object":"chat.completion.chunk",\ndata:  "model":"up","choices":[{"index":0,\ndata: "delta":{"content":"Hi"},"finish_reason":null}]}\n\n' +
      OPENAI_CAPTURE.split('\n\n').slice(3).join('\n\n');
    const t = new OpenAIStreamTranslator(options(), OPENAI_QUIRKS);
    const out = translate(t, multi);
    for (const frame of out.split('\n\n').filter((f) => f !== '')) {
      assert.match(frame, /^data: [^\n]*$/, 'one data line per frame');
      if (frame !== 'data: [DONE]') JSON.parse(frame.slice(6));
    }
    const first = payloads(out)[0] as { choices: Array<{ delta: { content: string } }> };
    assert.equal(first.choices[0].delta.content, 'Hi');
    assert.ok(t.completed());
    assert.equal(t.error(), undefined);
  });

  it('finish_reason + usage, then close without [DONE]: a success, [DONE] supplied', () => {
    const withoutDone = OPENAI_CAPTURE.replace('data: [DONE]\n\n', '');
    const t = new OpenAIStreamTranslator(options(), OPENAI_QUIRKS);
    const out = translate(t, withoutDone);
    assert.ok(t.completed());
    assert.equal(t.error(), undefined);
    assert.ok(out.endsWith('data: [DONE]\n\n'));
    assert.equal(t.usage()?.inputTokens, 20);
    const zhipu = new OpenAIStreamTranslator(options(), ZHIPU_QUIRKS);
    translate(zhipu, ZHIPU_CAPTURE.replace('data: [DONE]\n\n', ''));
    assert.ok(zhipu.completed());
  });

  it('closing without [DONE] and without finish_reason is not a success', () => {
    const cut = OPENAI_CAPTURE.split('\n\n').slice(0, 3).join('\n\n').concat('\n\n');
    const t = new OpenAIStreamTranslator(options(), OPENAI_QUIRKS);
    translate(t, cut);
    assert.equal(t.completed(), false);
  });

  it('a frame that is not JSON is an error for the client and the translator (ledger) alike', () => {
    const broken = `${OPENAI_CAPTURE.split('\n\n')[0]}\n\ndata: {"id":"c", oops}\n\n${OPENAI_CAPTURE}`;
    const t = new OpenAIStreamTranslator(options(), OPENAI_QUIRKS);
    const out = translate(t, broken);
    assert.equal(t.error()?.code, 'upstream_error');
    assert.equal(t.completed(), false);
    assert.match(out, /data: \{"error":\{"message":"OpenAI sent an unparseable stream frame/);
    assert.doesNotMatch(out, /\[DONE\]/);
  });
});

describe('OpenAIStreamTranslator, exact output', () => {
  const SPACED =
    'data: {"id": "c1", "created": 5, "model": "up", "choices": [{"index": 0, "delta": {"tool_calls" : [{"index": 0, "function": {"arguments": "{}"}}]}, "finish_reason": null}]}\n\n' +
    'data: {"id":"c1","created":5,"model":"up","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}\n\n' +
    'data: {"id": "c2", "created": 9, "model": "up", "choices": [], "usage" : {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}\n\n' +
    'data: [DONE]\n\n';
  const USAGE_3_1 =
    '"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}';
  const run = (text: string, options = streamOptions()) => {
    const translator = new OpenAIStreamTranslator(options, OPENAI_QUIRKS);
    return { translator, out: translate(translator, text) };
  };

  it('frames forwarded verbatim but for the model; spaced keys still probed; usage chunk with the upstream id', () => {
    const { translator, out } = run(SPACED);
    assert.equal(
      out,
      'data: {"id": "c1", "created": 5, "model":"client-model", "choices": [{"index": 0, "delta": {"tool_calls" : [{"index": 0, "function": {"arguments": "{}"}}]}, "finish_reason": null}]}\n\n' +
        'data: {"id":"c1","created":5,"model":"client-model","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}\n\n' +
        `data: {"id":"c2","object":"chat.completion.chunk","created":9,"model":"client-model","choices":[],${USAGE_3_1}}\n\n` +
        'data: [DONE]\n\n',
    );
    assert.equal(translator.contentEvents(), 2);
    assert.equal(translator.usage()?.inputTokens, 3);
    assert.equal(translator.completed(), true);
  });

  it('without include_usage: the frames and [DONE], nothing else', () => {
    const { out } = run(SPACED, streamOptions({ includeUsage: false }));
    assert.ok(out.endsWith('"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'));
    assert.equal(out.split('\n\n').length, 4);
  });

  it('usage on a content chunk: the chunk re-serialised without it (content counted); a choice-less frame', () => {
    const { translator, out } = run(
      'data: {"id":"z","created":1,"model":"up","choices":[{"index":0,"delta":{"content":"y"},"finish_reason":"stop"}],"usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}\n\n' +
        'data: {"id":"z","usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}\n\n',
    );
    assert.equal(
      out,
      'data: {"id":"z","created":1,"model":"client-model","choices":[{"index":0,"finish_reason":"stop","delta":{"content":"y"}}]}\n\n' +
        `data: {"id":"z","object":"chat.completion.chunk","created":1700000000,"model":"client-model","choices":[],${USAGE_3_1}}\n\n` +
        'data: [DONE]\n\n',
    );
    assert.equal(translator.contentEvents(), 1);
    assert.equal(translator.completed(), true);
  });

  it('in-band errors: event: error with a flat {code, message}, and a spaced "error" key', () => {
    for (const text of [
      'event: error\ndata: {"code":"overloaded","message":"m"}\n\n',
      'data: {"error" : {"message":"m"}}\n\n',
      'data: {"error" : "m"}\n\n',
    ]) {
      const { translator, out } = run(`${text}data: [DONE]\n\n`);
      assert.deepEqual(payloads(out), [errorChunk('OpenAI: m')], text);
      assert.equal(out.includes('[DONE]'), false, text);
      assert.equal(translator.completed(), false, text);
    }
  });

  it('frames that are not a JSON object: unparseable (quoting 120 characters); empty frames skipped', () => {
    const long = `[${'1,'.repeat(100)}1]`;
    for (const [data, quoted] of [
      ['[1]', '[1]'],
      [long, long.slice(0, 120)],
      ['{"id": 1', '{"id": 1'],
    ]) {
      const { translator, out } = run(`data:\n\ndata: ${data}\n\ndata: [DONE]\n\n`);
      assert.deepEqual(
        payloads(out),
        [errorChunk(`OpenAI sent an unparseable stream frame: ${quoted}`)],
        data,
      );
      assert.equal(translator.error()?.code, 'upstream_error');
    }
    const { out } = run('data:\n\ndata: [DONE]\n\n');
    assert.equal(out, 'data: [DONE]\n\n');
  });

  it('after [DONE] or a failure: push and end send nothing; end() only once', () => {
    const done = new OpenAIStreamTranslator(streamOptions(), OPENAI_QUIRKS);
    assert.equal(done.push(encoder.encode('data: [DONE]\n\n')), 'data: [DONE]\n\n');
    assert.equal(done.push(encoder.encode(SPACED)), '');
    assert.equal(done.end(), '');
    const failed = new OpenAIStreamTranslator(streamOptions(), OPENAI_QUIRKS);
    failed.push(encoder.encode('data: [1]\n\n'));
    assert.equal(failed.push(encoder.encode(SPACED)), '');
    assert.equal(failed.end(), '');
    const finished = new OpenAIStreamTranslator(streamOptions({ includeUsage: false }), OPENAI_QUIRKS);
    finished.push(encoder.encode(SPACED.split('data: {"id": "c2"')[0]));
    assert.equal(finished.end(), 'data: [DONE]\n\n');
    assert.equal(finished.end(), '');
  });

  it('the final frame without its blank line: [DONE] (padded) and JSON are read, a fragment is dropped', () => {
    assert.equal(run('data: [DONE]   ').out, 'data: [DONE]\n\n');
    const fragment = run(
      'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"x"}}]}\n\ndata: {"id":"c1",',
    );
    assert.equal(fragment.translator.error(), undefined);
    assert.equal(fragment.translator.completed(), false);
    assert.equal(fragment.out.split('\n\n').length, 2);
  });

  it('finish_reason, then an error in the final frame: the error, no [DONE]', () => {
    const { translator, out } = run(
      'data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: {"error":{"message":"m"}}',
    );
    assert.deepEqual(payloads(out).at(-1), errorChunk('OpenAI: m'));
    assert.equal(out.includes('[DONE]'), false);
    assert.equal(translator.completed(), false);
  });
});
