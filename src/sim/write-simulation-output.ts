/**
 * `simulate --out DIR`: the monthly series as CSV, the JSON document, and each chart as SVG and PNG
 * (rendered with the charts module: Vega-Lite → SVG via vega, PNG via resvg).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg, svgToPng } from '../charts/render-chart.ts';
import { QuadrantError } from '../errors.ts';
import { monthlyCsv } from './monthly-csv.ts';
import { simulationChartSpecs } from './sim-chart-specs.ts';
import type { SimulationSummary } from './summarize-series.ts';

export async function writeSimulationOutput(
  dir: string,
  summary: SimulationSummary,
  json: unknown,
): Promise<string[]> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new QuadrantError(
      'file_unreadable',
      `cannot create ${dir}: ${(err as NodeJS.ErrnoException).code ?? err}`,
      {
        param: 'out',
      },
    );
  }
  const written: string[] = [];
  const write = (name: string, body: string | Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, body);
    written.push(file);
  };
  write('monthly.csv', monthlyCsv(summary));
  write('simulation.json', `${JSON.stringify(json, null, 2)}\n`);
  for (const [name, spec] of Object.entries(simulationChartSpecs(summary))) {
    const svg = await renderSvg(spec);
    write(`${name}.svg`, svg);
    write(`${name}.png`, await svgToPng(svg));
  }
  return written;
}
