/**
 * The per-installation secret under which virtual keys are hashed (HMAC-SHA256): `QUADRANT_SECRET`, else a
 * random 32-byte secret generated on first start into `quadrant.secret` beside the store (mode 0600). A stolen
 * database alone then does not allow testing guesses of a key offline. In-memory stores (tests) get a random
 * secret per database.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { QuadrantError } from '../../errors.ts';
import type { SqliteDatabase } from '../../store/open-store.ts';

export const SECRET_FILE = 'quadrant.secret';

const inMemory = new WeakMap<SqliteDatabase, Buffer>();

export function installationSecret(db: SqliteDatabase, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.QUADRANT_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 32) {
      throw new QuadrantError('invalid_config', 'QUADRANT_SECRET must be at least 32 characters');
    }
    return Buffer.from(fromEnv, 'utf8');
  }
  if (db.memory) {
    let s = inMemory.get(db);
    if (!s) {
      s = randomBytes(32);
      inMemory.set(db, s);
    }
    return s;
  }
  const file = join(dirname(db.name), SECRET_FILE);
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new QuadrantError(
        'file_unreadable',
        `cannot read the installation secret ${file}: ${(err as Error).message}`,
      );
    }
  }
  const secret = randomBytes(32);
  try {
    // 'wx': if another process created it meanwhile, read theirs
    writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    throw new QuadrantError(
      'file_unreadable',
      `cannot create the installation secret ${file}: ${(err as Error).message}`,
    );
  }
}
