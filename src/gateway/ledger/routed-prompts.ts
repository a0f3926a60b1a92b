/**
 * The prompts of `strategy: router` requests (gateway_routed_prompts) and, joined with the labels clients
 * send to /v1/quadrant/feedback (gateway_ledger.quality_score), the training rows of
 * `quadrant router train --from-ledger`. Only router routes store their prompt text.
 */
import type { SqliteDatabase } from '../../store/open-store.ts';

const insertByDb = new WeakMap<SqliteDatabase, { run(...args: unknown[]): unknown }>();
/** Rows waiting for the next turn of the event loop, per store: one transaction per turn, not one per request. */
const pendingByDb = new Map<SqliteDatabase, RoutedPromptRow[]>();

export interface RoutedPromptRow {
  requestId: string;
  ts: number;
  keyId: string | null;
  route: string;
  prompt: string;
}

/**
 * Queues the prompt of a router request; the queue is written in one transaction on the next turn of the event
 * loop (an autocommit INSERT per request cost ~16 µs, a batched row ~3 µs). The text is training data for later
 * labels, not money: a crash between the request and that turn loses at most that turn's prompts.
 */
export function recordRoutedPrompt(db: SqliteDatabase, row: RoutedPromptRow): void {
  let pending = pendingByDb.get(db);
  if (pending === undefined) {
    pending = [];
    pendingByDb.set(db, pending);
    setImmediate(() => flushRoutedPrompts(db));
  }
  pending.push(row);
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
  return db
    .prepare(
      `SELECT p.prompt AS prompt, l.model AS model, l.quality_score AS score
         FROM gateway_ledger l JOIN gateway_routed_prompts p ON p.request_id = l.request_id
        WHERE l.quality_score IS NOT NULL AND l.outcome = 'ok' AND l.ts >= ?
        ORDER BY l.ts, l.id`,
    )
    .all(sinceMs) as LabeledPrompt[];
}
