/**
 * The prompts of `strategy: router` requests (gateway_routed_prompts) and, joined with the labels clients
 * send to /v1/quadrant/feedback (gateway_ledger.quality_score), the training rows of
 * `quadrant router train --from-ledger`. Only router routes store their prompt text.
 */
import type { SqliteDatabase } from '../../store/open-store.ts';

const insertByDb = new WeakMap<SqliteDatabase, { run(...args: unknown[]): unknown }>();

export function recordRoutedPrompt(
  db: SqliteDatabase,
  row: { requestId: string; ts: number; keyId: string | null; route: string; prompt: string },
): void {
  let insert = insertByDb.get(db);
  if (!insert) {
    insert = db.prepare(
      'INSERT OR REPLACE INTO gateway_routed_prompts (request_id, ts, key_id, route, prompt) VALUES (?, ?, ?, ?, ?)',
    );
    insertByDb.set(db, insert);
  }
  insert.run(row.requestId, row.ts, row.keyId, row.route, row.prompt);
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
