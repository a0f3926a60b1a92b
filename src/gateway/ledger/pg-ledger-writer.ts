/**
 * The ledger in PostgreSQL. As with SQLite, rows and budget settlements queued while a commit is in progress
 * form the next batch, written in one transaction (one multi-row INSERT, one settlement statement); `write()`
 * resolves once that transaction has committed, and the handler awaits it before the response ends.
 * Every row carries a uid fixed when it is queued and settlements only settle reservations still held, so a
 * batch whose commit failed — or whose acknowledgement was lost — can be retried without counting anything
 * twice. When the store is unreachable the batch is kept and retried every second until it commits; its
 * callers get `store_unavailable` (fail closed) or are let through with a loud log line (fail open).
 */
import { type Dec, decimalString } from '../../pricing/money.ts';
import { type PgClient, type PgStore, withClient } from '../../store/postgres/pg-store.ts';
import { uniqueId } from '../../unique-id.ts';
import type { Budget, Reservation, ReservationContext } from '../budget/budget-store.ts';
import { type PgBudgetStore, SETTLE, settleStatement } from '../budget/pg-budget-store.ts';
import { isUnreachable, type StoreFailureReporter, storeUnavailable } from '../shared/store-failure.ts';
import { type AttemptRecord, type LedgerValues, ledgerValues } from './attempt-record.ts';
import type { GatewayLedger, Settlement, UnreservedCharge } from './ledger-writer.ts';

const COLUMNS = `uid, request_id, attempt, ts, key_id, key_name, route, model, provider, endpoint, stream, status,
  outcome, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, usage_estimated,
  cost, currency, latency_ms, ttft_ms, error_code`;
const WIDTH = 24;
const ROWS_PER_INSERT = 1000;
const RETRY_MS = 1000;

interface Batch {
  rows: LedgerValues[];
  /** Reservation id → actual cost (decimal string). */
  settlements: Map<string, string>;
  /** Uid of a call's first row → its charge (calls served without a reservation: counted with that row). */
  charges: Map<string, UnreservedCharge>;
}

interface Pending {
  batch: Batch;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class PgLedgerWriter implements GatewayLedger {
  private queue: Pending[] = [];
  /** Batches whose commit failed on an unreachable store: retried until they commit. */
  private unwritten: Batch[] = [];
  private committing = false;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly store: PgStore,
    private readonly budgets: PgBudgetStore,
    private readonly failures: StoreFailureReporter,
    private readonly log: (line: string) => void,
  ) {}

  /** One conditional UPDATE (pg-budget-store.ts): not batched, its answer is needed before the upstream call. */
  reserve(
    keyId: string,
    budget: Budget,
    cost: Dec,
    now: number,
    context: ReservationContext,
  ): Promise<Reservation> {
    return this.budgets.reserveBudget(keyId, budget, cost, now, context);
  }

  write(records: AttemptRecord[], settlements: Settlement[] = [], charge?: UnreservedCharge): Promise<void> {
    if (records.length === 0 && settlements.length === 0) return Promise.resolve();
    const batch: Batch = { rows: [], settlements: new Map(), charges: new Map() };
    for (const r of records) {
      const uid = `${r.requestId}:${uniqueId('')}`;
      if (charge && batch.rows.length === 0 && !charge.actual.isZero()) batch.charges.set(uid, charge);
      batch.rows.push([uid, ...ledgerValues(r)]);
    }
    for (const s of settlements) {
      if (s.reservation.settled) continue;
      s.reservation.settled = true;
      batch.settlements.set(s.reservation.id, decimalString(s.actual));
    }
    this.inFlight += 1;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.committing || this.queue.length === 0) return;
    this.committing = true;
    const pending = this.queue;
    this.queue = [];
    const batch = merge(pending.map((p) => p.batch));
    let error: unknown;
    try {
      await this.commit(batch);
    } catch (err) {
      error = err;
    }
    this.committing = false;
    if (error !== undefined && isUnreachable(error)) {
      this.keepForRetry(batch);
      if (this.failures.mode === 'open') {
        this.failures.report('postgres', 'ledger rows kept in memory and retried', error);
        error = undefined;
      } else error = storeUnavailable('the ledger (PostgreSQL)', error);
    } else if (error !== undefined) {
      this.log(`ledger write failed (${pending.length} requests, not retried): ${(error as Error).message}`);
    }
    for (const p of pending)
      if (error !== undefined) p.reject(error);
      else p.resolve();
    this.done(pending.length);
    if (this.queue.length > 0) void this.flush();
  }

  private keepForRetry(batch: Batch): void {
    this.unwritten.push(batch);
    this.inFlight += 1; // drain() waits for it too
    if (this.retryTimer) return;
    this.retryTimer = setInterval(() => void this.retry(), RETRY_MS);
    this.retryTimer.unref();
  }

  private async retry(): Promise<void> {
    if (this.unwritten.length === 0) return;
    const batches = this.unwritten;
    this.unwritten = [];
    const batch = merge(batches);
    try {
      await this.commit(batch);
    } catch (err) {
      this.unwritten.unshift(...batches);
      if (!isUnreachable(err)) this.log(`ledger retry failed: ${(err as Error).message}`);
      return;
    }
    clearInterval(this.retryTimer);
    this.retryTimer = undefined;
    this.log(
      `ledger: ${batch.rows.length} rows and ${batch.settlements.size} settlements committed after the store came back`,
    );
    this.done(batches.length);
  }

  /**
   * One statement — the ledger INSERT and the settlement as parts of one WITH — so one round trip commits a
   * batch atomically; batches too big for one statement's parameters, or with charges, go in a transaction.
   */
  private async commit(batch: Batch): Promise<void> {
    const settle = [[...batch.settlements.keys()], [...batch.settlements.values()]];
    if (batch.rows.length <= ROWS_PER_INSERT && batch.charges.size === 0) {
      const insert = batch.rows.length > 0 ? `ins AS (${insertStatement(batch.rows.length)}), ` : '';
      await this.store.query(settleStatement(insert, batch.rows.length * WIDTH + 1), [
        ...batch.rows.flat(),
        ...settle,
      ]);
      return;
    }
    await withClient(this.store.pool, async (client) => {
      await client.query('BEGIN');
      try {
        const inserted = new Set<string>();
        for (let i = 0; i < batch.rows.length; i += ROWS_PER_INSERT) {
          const chunk = batch.rows.slice(i, i + ROWS_PER_INSERT);
          const result = await client.query<{ uid: string }>(
            `${insertStatement(chunk.length)} RETURNING uid`,
            chunk.flat(),
          );
          for (const r of result.rows) inserted.add(r.uid);
        }
        await chargeInserted(client, batch.charges, inserted);
        await client.query(SETTLE, settle);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    });
  }

  private done(n: number): void {
    this.inFlight -= n;
    if (this.inFlight === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves when everything queued so far is committed (or, while the store is down, given up at close). */
  drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drains for at most `ms` (default 10 s): rows still unwritten then are reported, their reservations are
   * settled at their worst case by a live process once this one's heartbeat stops. */
  async close(ms = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.drain(), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
    clearInterval(this.retryTimer);
    this.retryTimer = undefined;
    if (this.unwritten.length > 0) {
      const rows = this.unwritten.reduce((n, b) => n + b.rows.length, 0);
      this.log(`ledger: ${rows} rows could not be written before shutdown (the store is unreachable)`);
    }
  }
}

function insertStatement(rows: number): string {
  const values = Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: WIDTH }, (_, c) => `$${r * WIDTH + c + 1}`).join(',')})`,
  ).join(',');
  return `INSERT INTO gateway_ledger(${COLUMNS}) VALUES ${values} ON CONFLICT (uid) DO NOTHING`;
}

function merge(batches: Batch[]): Batch {
  if (batches.length === 1) return batches[0];
  const out: Batch = { rows: [], settlements: new Map(), charges: new Map() };
  for (const b of batches) {
    out.rows.push(...b.rows);
    for (const [id, actual] of b.settlements) out.settlements.set(id, actual);
    for (const [uid, charge] of b.charges) out.charges.set(uid, charge);
  }
  return out;
}

/**
 * Adds the charges of the calls whose first row this transaction inserted to their budgets' spent (a row already
 * there — a retried batch whose commit went through — was charged then), summed per key and period.
 */
async function chargeInserted(
  client: PgClient,
  charges: Map<string, UnreservedCharge>,
  inserted: Set<string>,
): Promise<void> {
  const sums = new Map<string, UnreservedCharge>();
  for (const [uid, c] of charges) {
    if (!inserted.has(uid)) continue;
    const k = `${c.keyId}\u0000${c.periodStart}`;
    const sum = sums.get(k);
    sums.set(k, sum ? { ...sum, actual: sum.actual.plus(c.actual) } : c);
  }
  for (const c of sums.values()) {
    await client.query(
      `INSERT INTO gateway_budget_usage(key_id, period_start, currency, spent) VALUES ($1, $2, $3, $4::numeric)
       ON CONFLICT (key_id, period_start) DO UPDATE SET spent = gateway_budget_usage.spent + excluded.spent`,
      [c.keyId, c.periodStart, c.currency, decimalString(c.actual)],
    );
  }
}
