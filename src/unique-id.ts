/**
 * Ids that must be unique across processes and restarts (reservation rows, sorted-set members), without a
 * getrandom call per id: 9 random bytes once per process, then a counter. `randomBytes(9)` on every request cost
 * ≈ 9 µs of the event loop under load (a CPU profile of the realistic benchmark); these ids are row keys, not
 * secrets, so they need not be unpredictable.
 */
import { randomBytes } from 'node:crypto';

const PROCESS_TAG = randomBytes(9).toString('base64url');
let counter = 0;

export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}${PROCESS_TAG}${counter.toString(36)}`;
}
