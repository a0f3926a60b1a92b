import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli, userErrorLine } from './run-cli.ts';

describe('bad input: one clear stderr line, non-zero exit, no stack', { concurrency: 2 }, () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'unknown model',
      ['cost', '--model', 'gpt-4-turb', '--input-tokens', '1'],
      /unknown model "gpt-4-turb"; did you mean .*gpt-4-turbo/,
    ],
    [
      'date before the first price',
      ['cost', '--model', 'gpt-4o', '--input-tokens', '1', '--date', '2024-01-01'],
      /gpt-4o has no price before 2024-05-13/,
    ],
    [
      'negative tokens',
      ['cost', '--model', 'gpt-4o', '--input-tokens', '-5'],
      /--input-tokens must be a whole number ≥ 0, got "-5"/,
    ],
    [
      'non-integer tokens',
      ['cost', '--model', 'gpt-4o', '--output-tokens', '2.5', '--input-tokens', '1'],
      /--output-tokens must be a whole number/,
    ],
    [
      'zero requests',
      ['cost', '--model', 'gpt-4o', '--input-tokens', '1', '--requests', '0'],
      /--requests must be a whole number ≥ 1/,
    ],
    ['unknown currency', ['models', '--currency', 'XYZ'], /unknown currency "XYZ"/],
    ['bad date', ['models', '--date', '2024-02-30'], /--date must be a calendar date YYYY-MM-DD/],
    ['unknown vendor', ['models', '--vendor', 'opneai'], /unknown vendor "opneai"; did you mean openai/],
    [
      'unreadable text file',
      ['cost', '--model', 'gpt-4o', '--text', '/nonexistent/x.txt'],
      /cannot read --text file \/nonexistent\/x.txt: ENOENT/,
    ],
    [
      'no input',
      ['cost', '--model', 'gpt-4o'],
      /give the input as --input-tokens N, --prompt TEXT or --text FILE/,
    ],
    [
      'prompt and text',
      ['compare', '--prompt', 'a', '--text', 'x', '--output-tokens', '1'],
      /either --prompt TEXT or --text FILE/,
    ],
    [
      'compare unknown model',
      ['compare', '--prompt', 'a', '--output-tokens', '1', '--models', 'gpt-4o,qwen-lon'],
      /unknown model "qwen-lon"; did you mean qwen-long/,
    ],
    [
      'compare without output price',
      ['compare', '--prompt', 'a', '--output-tokens', '1', '--models', 'qwen-long', '--date', '2024-05-20'],
      /no published output price for qwen-long/,
    ],
    ['prices of an unknown model', ['prices', '--model', 'claude-3'], /unknown model "claude-3"/],
    [
      'context window exceeded',
      ['cost', '--model', 'gpt-4o', '--input-tokens', '130000'],
      /gpt-4o has a 128000-token context window/,
    ],
    [
      'malformed catalog',
      ['catalog', 'validate', '--dir', 'test/fixtures'],
      /catalog test\/fixtures has \d+ problem/,
    ],
    [
      'missing catalog dir',
      ['catalog', 'validate', '--dir', '/nonexistent'],
      /catalog directory \/nonexistent does not exist/,
    ],
    ['import without a file', ['catalog', 'import'], /exactly one of --litellm FILE or --openrouter FILE/],
  ];
  for (const [name, args, pattern] of cases) {
    test(name, async () => {
      const r = await runCli(args);
      if (name === 'malformed catalog') {
        // validate lists every problem on stderr before its one summary error line
        assert.notEqual(r.code, 0);
        assert.match(r.stderr.trimEnd().split('\n').at(-1) ?? '', pattern);
        assert.doesNotMatch(r.stderr, /^\s+at /m);
        return;
      }
      assert.match(userErrorLine(r), pattern);
    });
  }
});
