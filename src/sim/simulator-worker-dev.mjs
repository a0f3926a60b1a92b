// Boots the simulator's worker from the TypeScript sources. On Node 20 a worker thread started with
// `--import tsx` does not get tsx's ESM hooks ("Unknown file extension .ts"), so this goes through tsx's
// CommonJS hook instead. The compiled dist/ starts simulator-worker.js directly.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
require('./simulator-worker.ts');
