/**
 * Worker thread of the dashboard's simulator (simulator-runner.ts): runs one job at a time off the event
 * loop and posts back its bounded view, or the error in the catalog's terms.
 */
import { parentPort } from 'node:worker_threads';
import { isQuadrantError } from '../errors.ts';
import { type SimulatorJob, simulateToView } from './simulator-view.ts';

parentPort?.on('message', (m: { id: number; job: SimulatorJob }) => {
  try {
    parentPort?.postMessage({ id: m.id, view: simulateToView(m.job) });
  } catch (err) {
    const error = isQuadrantError(err)
      ? { code: err.code, message: err.message, param: err.param }
      : { code: 'simulation_failed', message: err instanceof Error ? err.message : String(err), param: null };
    parentPort?.postMessage({ id: m.id, error });
  }
});
