// Entry of the ledger's writer thread (plain JS, so it starts under any loader): loads ledger-thread.ts through
// tsx when the gateway runs from the TypeScript sources, ledger-thread.js when it runs from dist/.
import { workerData } from 'node:worker_threads';

if (workerData.moduleExt === '.ts') {
  // a loader registered in the parent does not reach this thread
  const { register } = await import('tsx/esm/api');
  register();
  await import('./ledger-thread.ts');
} else {
  await import('./ledger-thread.js');
}
