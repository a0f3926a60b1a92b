/**
 * Shared look of every chart: one font that exists both on the server (DejaVu Sans, used by resvg for PNG)
 * and in browsers (fallbacks), readable sizes, and a vendor colour scale with a fixed domain so a vendor
 * keeps its colour whatever the date or filter.
 */
export const CHART_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export const chartConfig = {
  font: CHART_FONT,
  background: '#ffffff',
  view: { stroke: '#cccccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eeeeee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 1000 },
  title: { fontSize: 14, anchor: 'start' as const, subtitleFontSize: 11, subtitleColor: '#555555' },
};

/** Categorical palette: Tableau 10, then the light half of Tableau 20, so 20 vendors get distinct colours. */
export const VENDOR_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#a0cbe8',
  '#ffbe7d',
  '#8cd17d',
  '#f1ce63',
  '#86bcb6',
  '#ff9d9a',
  '#d4a6c8',
  '#d7b5a6',
  '#79706e',
  '#d37295',
];

/** A colour encoding whose domain is every vendor of the catalog (stable across views). */
export function vendorColor(allVendors: string[], title = 'Vendor') {
  const domain = [...allVendors].sort();
  return {
    field: 'vendor',
    type: 'nominal' as const,
    title,
    scale: { domain, range: domain.map((_, i) => VENDOR_PALETTE[i % VENDOR_PALETTE.length]) },
  };
}
