/**
 * The prompts of `strategy: router` requests (gateway_routed_prompts) and, joined with the labels clients
 * send to /v1/quadrant/feedback (gateway_ledger.quality_score), the training rows of
 * `quadrant router train --from-ledger`. Only router routes store their prompt text.
 */
import type { SqliteDatabase } from '../../store/open-store.ts';

const insertByDb = new WeakMap<SqliteDatabase, { run(...args: unknown[]): unknown }>();
/** Rows waiting to be written, per store: one transaction per FLUSH_MS (or per MAX_PENDING rows), not per request. */
const pendingByDb = new Map<SqliteDatabase, RoutedPromptRow[]>();
const FLUSH_MS = 100;
const MAX_PENDING = 512;

export interface RoutedPromptRow {
  requestId: string;
  ts: number;
  keyId: string | null;
  route: string;
  prompt: string;
}

/**
 * Queues the prompt of a router request; the queue is written in one transaction within FLUSH_MS, or at once when
 * MAX_PENDING rows wait (an autocommit INSERT per request cost ~16 µs; a transaction per event-loop turn still
 * ~11 µs a request under load, which put a router route 17% behind a fixed one in the realistic benchmark). The
 * text is training data for later labels, not money: a crash loses at most the last FLUSH_MS of prompts. Readers
 * in this process (labeledRoutedPrompts) flush first, and so does the gateway's shutdown.
 */
export function recordRoutedPrompt(db: SqliteDatabase, row: RoutedPromptRow): void {
  let pending = pendingByDb.get(db);
  if (pending === undefined) {
    pending = [];
    pendingByDb.set(db, pending);
    setTimeout(() => flushRoutedPrompts(db), FLUSH_MS).unref();
  }
  pending.push(row);
  if (pending.length >= MAX_PENDING) flushRoutedPrompts(db);
}

/** Writes the queued prompts of `db` now (also called before the store closes). */
export function flushRoutedPrompts(db: SqliteDatabase): void {
  const rows = pendingByDb.get(db);
  if (rows === undefined) return;
  pendingByDb.delete(db);
  if (!db.open) return;
  let insert = insertByDb.get(db);
  try {
    if (!insert) {
      insert = db.prepare(
        'INSERT OR REPLACE INTO gateway_routed_prompts (request_id, ts, key_id, route, prompt) VALUES (?, ?, ?, ?, ?)',
      );
      insertByDb.set(db, insert);
    }
    const write = insert;
    db.transaction(() => {
      for (const r of rows) write.run(r.requestId, r.ts, r.keyId, r.route, r.prompt);
    })();
  } catch (err) {
    console.error(`quadrant: ${rows.length} routed prompt(s) not stored: ${(err as Error).message}`);
  }
}

export interface LabeledPrompt {
  prompt: string;
  /** The model that answered (the gateway's model id). */
  model: string;
  score: number;
}

/** Labeled answers of router requests since `sinceMs` (epoch ms), oldest first. */
export function labeledRoutedPrompts(db: SqliteDatabase, sinceMs: number): LabeledPrompt[] {
  flushRoutedPrompts(db);
  return db
    .prepare(
      `SELECT p.prompt AS prompt, l.model AS model, l.quality_score AS score
         FROM gateway_ledger l JOIN gateway_routed_prompts p ON p.request_id = l.request_id
        WHERE l.quality_score IS NOT NULL AND l.outcome = 'ok' AND l.ts >= ?
        ORDER BY l.ts, l.id`,
    )
    .all(sinceMs) as LabeledPrompt[];
}
