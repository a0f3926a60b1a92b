/**
 * JSON and CSV endpoints of the Simulator page:
 *   POST /api/simulate          {scenario, months, runs, seed, price_cut} → the `simulate --json` document
 *                               (run in the simulator's worker: 429 `busy` while another runs; 400 beyond
 *                               runs × months × vendors = WEB_MAX_WORK)
 *   POST /api/simulate/upload   {text: "<scenario YAML or JSON>"} → {id, name, title}; then /simulator?scenario=<id>
 *   GET  /api/simulate.csv?…    the monthly series (same query as the page) as a CSV download
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { QuadrantError } from '../../errors.ts';
import { readJsonObject } from '../../http/read-body.ts';
import { NO_STORE, send, sendError } from '../../http/send.ts';
import { monthlyCsv } from '../../sim/monthly-csv.ts';
import { parseSimulatorRequest, storeUploadedScenario } from '../../sim/simulator-request.ts';
import { simulatorRunner } from '../../sim/simulator-runner.ts';
import type { PageApi } from '../page.ts';

const MAX_UPLOAD_BYTES = 600_000;

async function postSimulate(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const [view] = await simulatorRunner.run([parseSimulatorRequest(await readJsonObject(req))]);
    send(res, 200, view.json, NO_STORE);
  } catch (err) {
    sendError(res, err);
  }
}

async function postUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readJsonObject(req, MAX_UPLOAD_BYTES);
    if (typeof body.text !== 'string' || body.text.trim() === '') {
      throw new QuadrantError('invalid_request', 'expected {"text": "<the scenario YAML or JSON>"}', {
        param: 'text',
      });
    }
    const label = typeof body.filename === 'string' && body.filename ? body.filename : 'uploaded scenario';
    send(res, 200, storeUploadedScenario(body.text, label), NO_STORE);
  } catch (err) {
    sendError(res, err);
  }
}

async function getCsv(res: ServerResponse, url: URL): Promise<void> {
  try {
    const req = parseSimulatorRequest(Object.fromEntries(url.searchParams));
    const [run] = await simulatorRunner.run([req]);
    const name = run.result.summary.scenario.name;
    send(res, 200, monthlyCsv(run.result.summary), {
      'content-type': 'text/csv; charset=utf-8',
      'cache-control': 'no-store',
      'content-disposition': `attachment; filename="simulation-${name}.csv"`,
    });
  } catch (err) {
    sendError(res, err);
  }
}

export const simulatorApi: PageApi = {
  'GET /api/simulate.csv': (_ctx, _req, res, url) => getCsv(res, url),
};

/** Runs and uploads on request (POST): only for the admin when the gateway asks for an admin key. */
export const simulatorAdminApi: PageApi = {
  'POST /api/simulate': (_ctx, req, res) => postSimulate(req, res),
  'POST /api/simulate/upload': (_ctx, req, res) => postUpload(req, res),
};
