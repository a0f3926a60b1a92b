/**
 * The router's PGR curve against the share of calls sent to the strong model, with the random (diagonal)
 * and oracle baselines, the always-weak (0, 0) and always-strong (1, 1) points, and a rule at the strong
 * share that reaches 95% of the strong model's accuracy.
 */
import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from '../charts/chart-theme.ts';
import type { EvalResult } from './evaluate-router.ts';

export interface PgrChartRow {
  router: string;
  strong_share: number;
  pgr: number;
}

export function pgrChartRows(result: EvalResult): PgrChartRow[] {
  const rows: PgrChartRow[] = [];
  const series = [
    ['Router', result.curves.router],
    ['Oracle', result.curves.oracle],
    ['Random', result.curves.random],
  ] as const;
  for (const [name, ys] of series) {
    result.curves.strong_share.forEach((x, i) => {
      rows.push({ router: name, strong_share: x, pgr: ys[i] });
    });
  }
  return rows;
}

const pct = (x: number | null) => (x === null ? 'not reached' : `${(x * 100).toFixed(1)}%`);

export function pgrChartSpec(
  result: EvalResult,
  options: { width?: number; height?: number } = {},
): TopLevelSpec {
  const split =
    result.split.kind === 'none'
      ? 'all prompts'
      : `${result.split.kind} split, ${Math.round((result.split.holdout ?? 0) * 100)}% held out`;
  const points = [
    { router: 'Always weak', strong_share: 0, pgr: 0 },
    { router: 'Always strong', strong_share: 1, pgr: 1 },
  ];
  const savings = result.savings
    ? ` · saves ${Number(result.savings.amount).toFixed(4)} ${result.savings.currency} (${(result.savings.share * 100).toFixed(1)}%) at 95% quality`
    : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `Router: performance gap recovered vs strong-model calls (n = ${result.n})`,
      subtitle: [
        `APGR ${result.apgr.toFixed(3)} (random 0.500, oracle ${result.baselines.oracle.apgr.toFixed(3)}) · CPT(50%) ${pct(result.cpt50)} · ${split}`,
        `95% of the strong model's accuracy at ${pct(result.strong_share_at_95)} strong calls${savings}`,
      ],
    },
    width: options.width ?? 640,
    height: options.height ?? 360,
    config: chartConfig,
    layer: [
      {
        data: { values: pgrChartRows(result) },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: {
            field: 'strong_share',
            type: 'quantitative',
            title: 'Share of calls sent to the strong model',
            axis: { format: '%' },
            scale: { domain: [0, 1] },
          },
          y: { field: 'pgr', type: 'quantitative', title: 'PGR (performance gap recovered)' },
          color: {
            field: 'router',
            type: 'nominal',
            title: 'Router',
            scale: { domain: ['Router', 'Oracle', 'Random'], range: ['#1f77b4', '#2ca02c', '#999999'] },
          },
          strokeDash: {
            field: 'router',
            type: 'nominal',
            title: 'Router',
            scale: {
              domain: ['Router', 'Oracle', 'Random'],
              range: [
                [1, 0],
                [4, 3],
                [2, 2],
              ],
            },
          },
          tooltip: [
            { field: 'router', type: 'nominal' },
            { field: 'strong_share', type: 'quantitative', format: '.0%', title: 'strong calls' },
            { field: 'pgr', type: 'quantitative', format: '.3f', title: 'PGR' },
          ],
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 80, color: '#d62728' },
        encoding: {
          x: { field: 'strong_share', type: 'quantitative' },
          y: { field: 'pgr', type: 'quantitative' },
          tooltip: [{ field: 'router', type: 'nominal' }],
        },
      },
      ...(result.strong_share_at_95 === null
        ? []
        : [
            {
              data: { values: [{ share: result.strong_share_at_95, label: '95% of strong' }] },
              mark: { type: 'rule' as const, color: '#d62728', strokeDash: [3, 3] },
              encoding: { x: { field: 'share', type: 'quantitative' as const } },
            },
          ]),
    ],
  };
}
