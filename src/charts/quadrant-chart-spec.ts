/**
 * The quality-vs-price chart with its "most attractive quadrant" (market-data.md §1.3): blended price per 1M
 * on a log x axis, quality index on y, one labelled point per model coloured by vendor, dashed split lines at
 * the thresholds, the attractive quadrant (upper-left of both lines) shaded, and the Pareto frontier as a line.
 * The same spec is rendered to SVG/PNG on the server and embedded in the dashboard.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { QuadrantAnalysis } from '../analysis/quadrant-classification.ts';
import { formatAmount } from '../pricing/money.ts';
import { chartConfig, vendorColor } from './chart-theme.ts';
import { placeLabels } from './label-placement.ts';

/** The price war's protagonists (the article's models): labelled right after the frontier. */
export const SEED_MODELS: readonly string[] = [
  'gpt-4o',
  'gpt-4-turbo',
  'gemini-1.5-pro',
  'gemini-1.5-flash',
  'deepseek-chat',
  'qwen-long',
  'qwen-max',
  'doubao-pro-32k',
  'glm-3-turbo',
  'glm-4',
  'ernie-speed-128k',
  'ernie-speed-8k',
  'hunyuan-lite',
  'spark-lite',
  'moonshot-v1-8k',
];

export interface QuadrantChartRow {
  id: string;
  name: string;
  vendor: string;
  quality: number;
  /** Blended price per 1M as a number, for the axis only (exact value in `price_text`). */
  price: number;
  price_text: string;
  quadrant: string;
  frontier: boolean;
  frontier_label: string;
  price_source: string;
  quality_source: string;
  /** Drawn with its id (placed without collisions; the others are named by the tooltip). */
  labelled: boolean;
  /** Where the label's left edge / middle sits, in data units (set by the chart spec). */
  label_price?: number;
  label_quality?: number;
  /** The label sits away from its point: a leader line joins them (to leader_price, label_quality). */
  leader?: boolean;
  leader_price?: number;
}

export function quadrantChartRows(a: QuadrantAnalysis, currency: string): QuadrantChartRow[] {
  return a.models.map((m) => ({
    id: m.id,
    name: m.name,
    vendor: m.vendorName,
    quality: m.qualityIndex,
    price: m.blendedPerMillion.toNumber(),
    price_text: `${formatAmount(m.blendedPerMillion)} ${currency}`,
    quadrant: m.quadrant,
    frontier: m.onFrontier,
    frontier_label: m.onFrontier ? 'on frontier' : 'dominated',
    price_source: `${m.priceSource} [${m.priceConfidence}]${m.fx ? ` · FX ${m.fx.from}→${m.fx.to} ${m.fx.rate} (${m.fx.date}, ${m.fx.kind})` : ''}`,
    quality_source: m.qualityEvidence.map((q) => `${q.metric} ${q.value} (${q.as_of})`).join('; '),
    labelled: false,
  }));
}

/** Label order: the frontier (cheapest first), then the seed models, then by quality (ties by id). */
export function labelPriority(rows: QuadrantChartRow[]): QuadrantChartRow[] {
  const seed = (id: string) => {
    const i = SEED_MODELS.indexOf(id);
    return i < 0 ? SEED_MODELS.length : i;
  };
  return [...rows].sort(
    (a, b) =>
      Number(b.frontier) - Number(a.frontier) ||
      (a.frontier ? a.price - b.price : seed(a.id) - seed(b.id)) ||
      b.quality - a.quality ||
      a.id.localeCompare(b.id),
  );
}

function niceLogDomain(values: number[]): [number, number] {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return [0.01, 100];
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  return [10 ** Math.floor(Math.log10(lo / 1.5)), 10 ** Math.ceil(Math.log10(hi * 1.5))];
}

export function quadrantChartSpec(
  a: QuadrantAnalysis,
  options: {
    date: string;
    currency: string;
    allVendors: string[];
    /** Input:output weights the blended prices were computed with (default "3:1"). */
    blend?: string;
    /** The quality axis (general or zh) and whose knowledge it reflects (a date or 'latest'). */
    axis?: 'general' | 'zh';
    qualityAsOf?: string;
    /** The benchmark whose scale the index is on (e.g. "MMLU", "C-Eval"). */
    qualityScale?: string;
    width?: number;
    height?: number;
  },
): TopLevelSpec {
  const rows = quadrantChartRows(a, options.currency);
  const qThreshold = a.thresholds.quality;
  const pThreshold = a.thresholds.price.toNumber();
  const [xMin, xMax] = niceLogDomain([...rows.map((r) => r.price), pThreshold]);
  // free models sit on the left edge of the log axis
  for (const r of rows) if (r.price <= 0) r.price = xMin;
  const qualities = [...rows.map((r) => r.quality), qThreshold];
  // the index lives in 0–100: so does the axis
  const yMin = Math.max(0, Math.floor((Math.min(...qualities) - 3) / 5) * 5);
  const yMax = Math.min(100, Math.ceil((Math.max(...qualities) + 3) / 5) * 5);
  const x = {
    field: 'price',
    type: 'quantitative' as const,
    title: `Blended price per 1M tokens (${options.blend ?? '3:1'} input:output), ${options.currency}, log scale`,
    scale: { type: 'log' as const, domain: [xMin, xMax] },
  };
  const y = {
    field: 'quality',
    type: 'quantitative' as const,
    title: `${options.axis === 'zh' ? 'Chinese-language quality index' : 'Quality index'}${options.qualityScale ? ` (${options.qualityScale} scale)` : ''}`,
    scale: { domain: [yMin, yMax], zero: false },
  };
  const attractiveX2 = Math.max(xMin, Math.min(pThreshold, xMax));
  const width = options.width ?? 640;
  const height = options.height ?? 420;
  // labels placed in pixel space, then written back in data units so the renderer draws them exactly there
  const lx0 = Math.log10(xMin);
  const lx1 = Math.log10(xMax);
  const toPx = (price: number, quality: number) => ({
    x: ((Math.log10(price) - lx0) / (lx1 - lx0)) * width,
    y: ((yMax - quality) / (yMax - yMin)) * height,
  });
  const fromPx = (px: number, py: number) => ({
    price: 10 ** (lx0 + (px / width) * (lx1 - lx0)),
    quality: yMax - (py / height) * (yMax - yMin),
  });
  const ordered = labelPriority(rows);
  const placed = placeLabels(
    ordered.map((r) => ({ ...toPx(r.price, r.quality), text: r.id })),
    // the "Most attractive quadrant" caption in the upper-left corner is not free space
    { width, height, obstacles: [{ x0: 0, y0: 0, x1: 190, y1: 20 }] },
  );
  ordered.forEach((r, i) => {
    const p = placed[i];
    if (!p) return;
    const at = fromPx(p.x, p.y);
    r.labelled = true;
    r.label_price = at.price;
    r.label_quality = at.quality;
    r.leader = p.leader;
    r.leader_price = fromPx(p.lineX, p.y).price;
  });
  const unlabelled = rows.filter((r) => !r.labelled).length;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `${options.axis === 'zh' ? 'Chinese-language quality' : 'Quality'} vs price on ${options.date} (${options.currency})`,
      subtitle: `Scores as known on ${options.qualityAsOf ?? options.date}. Split at quality ${qThreshold} (${a.thresholds.qualitySource}) and ${formatAmount(a.thresholds.price)} ${options.currency} per 1M (${a.thresholds.priceSource}); line: Pareto frontier${unlabelled ? `; ${unlabelled} labels left out for room (hover for them)` : ''}`,
    },
    width,
    height,
    config:
      width < 480
        ? { ...chartConfig, legend: { ...chartConfig.legend, orient: 'bottom', columns: 2 } }
        : chartConfig,
    data: { name: 'models', values: rows },
    layer: [
      {
        data: { values: [{ x: xMin, x2: attractiveX2, y: qThreshold, y2: yMax }] },
        mark: { type: 'rect', color: '#2e7d32', opacity: 0.12 },
        encoding: {
          x: { ...x, field: 'x' },
          x2: { field: 'x2' },
          y: { ...y, field: 'y' },
          y2: { field: 'y2' },
        },
      },
      {
        data: { values: [{ x: xMin, y: yMax, label: 'Most attractive quadrant' }] },
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'top',
          dx: 4,
          dy: 4,
          color: '#2e7d32',
          fontWeight: 'bold',
        },
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, text: { field: 'label' } },
      },
      {
        data: { values: [{ v: pThreshold > 0 ? pThreshold : xMin }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#777777' },
        encoding: { x: { ...x, field: 'v' } },
      },
      {
        data: { values: [{ v: qThreshold }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#777777' },
        encoding: { y: { ...y, field: 'v' } },
      },
      {
        transform: [{ filter: 'datum.frontier' }],
        mark: { type: 'line', color: '#333333', strokeWidth: 1.5, interpolate: 'step-after', opacity: 0.6 },
        encoding: { x, y, order: { field: 'price', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, size: 90, opacity: 0.9, stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          x,
          y,
          color: vendorColor(options.allVendors),
          shape: {
            field: 'frontier_label',
            type: 'nominal',
            title: 'Pareto',
            scale: { domain: ['on frontier', 'dominated'], range: ['diamond', 'circle'] },
          },
          tooltip: [
            { field: 'name', title: 'Model' },
            { field: 'vendor', title: 'Vendor' },
            { field: 'quality', title: 'Quality index' },
            { field: 'price_text', title: 'Blended per 1M' },
            { field: 'quadrant', title: 'Quadrant' },
            { field: 'price_source', title: 'Price source' },
            { field: 'quality_source', title: 'Scores' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.leader' }],
        mark: { type: 'rule', color: '#999999', strokeWidth: 0.8 },
        encoding: {
          x,
          y,
          x2: { field: 'leader_price' },
          y2: { field: 'label_quality' },
        },
      },
      {
        transform: [{ filter: 'datum.labelled' }],
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 10, color: '#333333' },
        encoding: {
          x: { ...x, field: 'label_price' },
          y: { ...y, field: 'label_quality' },
          text: { field: 'id' },
        },
      },
    ],
  } as TopLevelSpec;
}
