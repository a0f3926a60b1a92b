/**
 * The embedded store: SQLite (better-sqlite3) at ./data/quadrant.db by default, WAL journal,
 * created on first use; on open it applies the migrations registered by the modules that own tables
 * (src/store/migrations.ts).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { QuadrantError } from '../errors.ts';
import { type Migration, registeredMigrations } from './migrations.ts';

export type SqliteDatabase = Database.Database;

export const DEFAULT_DB_PATH = 'data/quadrant.db';

export interface Store {
  readonly db: SqliteDatabase;
  readonly path: string;
  close(): void;
}

/** `QUADRANT_DB` overrides the path; ':memory:' gives a throw-away store (tests). */
export function defaultDbPath(): string {
  return process.env.QUADRANT_DB || DEFAULT_DB_PATH;
}

export function openStore(
  path: string = defaultDbPath(),
  migrations: Migration[] = registeredMigrations(),
): Store {
  const full = path === ':memory:' ? path : resolve(path);
  let db: SqliteDatabase;
  try {
    if (full !== ':memory:') mkdirSync(dirname(full), { recursive: true });
    db = new Database(full);
  } catch (err) {
    throw new QuadrantError('file_unreadable', `cannot open the store at ${full}: ${(err as Error).message}`);
  }
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; FULL also survives power loss.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  return { db, path: full, close: () => db.close() };
}

/** Applies the migrations the database has not recorded yet (by version), each in its own transaction. */
export function migrate(db: SqliteDatabase, migrations: Migration[] = registeredMigrations()): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
      (r) => r.version,
    ),
  );
  const pending = migrations.filter((m) => !applied.has(m.version)).sort((a, b) => a.version - b.version);
  const record = db.prepare('INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
  return pending.length;
}
