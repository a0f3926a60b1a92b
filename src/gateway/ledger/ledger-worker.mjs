// Entry of the ledger's writer thread (plain JS, so it starts under any loader): loads ledger-thread.ts through
// tsx when the gateway runs from the TypeScript sources, ledger-thread.js when it runs from dist/.
import { workerData } from 'node:worker_threads';

if (workerData.moduleExt === '.ts') {
  try {
    await import('./ledger-thread.ts');
  } catch (err) {
    if (err?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
    // the parent registered tsx in its own thread only (bin/quadrant.js): register it here too
    const { register } = await import('tsx/esm/api');
    register();
    await import('./ledger-thread.ts');
  }
} else {
  await import('./ledger-thread.js');
}
