/** Writes a chart spec to a file, the format chosen by the extension (.svg or .png). */
import { writeFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { QuadrantError } from '../errors.ts';
import { chartFormatOf, renderSvg, svgToPng } from './render-chart.ts';

export async function writeChartFile(spec: TopLevelSpec, file: string): Promise<void> {
  const format = chartFormatOf(file);
  if (!format) {
    throw new QuadrantError('invalid_argument', `--out must end in .svg or .png, got "${file}"`, {
      param: 'out',
    });
  }
  const svg = await renderSvg(spec);
  const bytes = format === 'svg' ? svg : await svgToPng(svg);
  try {
    writeFileSync(file, bytes);
  } catch (err) {
    throw new QuadrantError(
      'file_unreadable',
      `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
}
