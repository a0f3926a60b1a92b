/**
 * The out-of-domain routing data shipped in data/router/gsm8k (RouteLLM's GSM8K responses, same model columns as
 * its MMLU files): readable in the RouteLLM format, with the counts and accuracies quoted in docs/router-eval.md.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readRoutingData } from '../../src/router/read-routing-data.ts';

const dir = join(import.meta.dirname, '..', '..', 'data', 'router', 'gsm8k');

describe('data/router/gsm8k (out-of-domain routing data)', () => {
  it('has the MMLU files’ model columns and 1,307 prompts after the contaminated ones are dropped', () => {
    const data = readRoutingData(dir, { exclude: join(dir, 'contaminated_prompts.jsonl') });
    assert.deepEqual(data.models, ['mistralai/Mixtral-8x7B-Instruct-v0.1', 'gpt-4-1106-preview']);
    assert.equal(data.examples.length + data.excluded, 1319);
    assert.equal(data.excluded, 12);
    const accuracy = (m: number) =>
      data.examples.filter((e) => e.scores[m] === 1).length / data.examples.length;
    assert.equal(accuracy(0).toFixed(3), '0.637');
    assert.equal(accuracy(1).toFixed(3), '0.858');
  });
});
