/**
 * Server-side rendering of a Vega-Lite spec: compile to Vega, run a headless View (renderer 'none') and
 * serialise to SVG; PNG is rasterised from that SVG by resvg with the system fonts (DejaVu Sans on Debian:
 * `fonts-dejavu-core`; without any font the PNG has no text). vega, vega-lite and resvg load lazily.
 */
import type { TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG bytes of an SVG at `scale` × its size (2 = sharp on high-DPI screens and slides). */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

export async function renderPng(spec: TopLevelSpec, scale = 2): Promise<Buffer> {
  return svgToPng(await renderSvg(spec), scale);
}

/** Writes nothing; picks the format from a file name (.svg or .png) or throws. */
export function chartFormatOf(file: string): 'svg' | 'png' | undefined {
  const m = /\.(svg|png)$/i.exec(file);
  return m ? (m[1].toLowerCase() as 'svg' | 'png') : undefined;
}
