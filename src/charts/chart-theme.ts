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

/**
 * Categorical palette for up to 20 vendors: Tableau 10, then ten hues chosen away from those (Tableau 20's light
 * half put Google's and iFlytek's pinks, or two teals, side by side in the legend).
 */
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
  '#17becf',
  '#6a3d9a',
  '#bcbd22',
  '#e7298a',
  '#1b7837',
  '#253494',
  '#a6761d',
  '#525252',
  '#d95f02',
  '#7fc97f',
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
