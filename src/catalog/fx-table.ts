/**
 * Dated FX rates with their sources. A conversion on a date uses the latest rate dated on or before it and
 * always reports the rate, date, source and kind (central parity, reference, market) it used. A date before
 * the first rate of a pair is an error (`no_fx_rate`), never a silent later rate. Pairs missing directly are
 * inverted or crossed through USD.
 */
import { QuadrantError, suggestClosest } from '../errors.ts';
import { Dec, dec } from '../pricing/money.ts';
import type { FxRate } from './schema.ts';

export interface FxUsed {
  /** 1 `from` = rate `to`. */
  rate: string;
  date: string;
  source: string;
  from: string;
  to: string;
  /** central_parity (PBOC/CFETS midpoint), reference (ECB), market, or unlabelled; crossed: both legs. */
  kind: string;
}

interface Quote {
  rate: Dec;
  date: string;
  source: string;
  kind: string;
}

export type FxKind = NonNullable<FxRate['kind']> | 'unlabelled';

export class FxTable {
  /** "USD/CNY" → quotes sorted by date. */
  private readonly pairs = new Map<string, Quote[]>();
  readonly currencies: ReadonlySet<string>;

  constructor(rates: FxRate[]) {
    const currencies = new Set<string>();
    for (const r of rates) {
      currencies.add(r.base);
      currencies.add(r.quote);
      const rate = dec(r.rate);
      const kind: FxKind = r.kind ?? 'unlabelled';
      this.add(`${r.base}/${r.quote}`, { rate, date: r.date, source: r.source, kind });
      this.add(`${r.quote}/${r.base}`, {
        rate: new Dec(1).dividedBy(rate),
        date: r.date,
        source: `inverse of ${r.source}`,
        kind,
      });
    }
    // ISO dates compare as plain strings (localeCompare would map ICU's collation data, 3 MB resident, into the
    // gateway for this sort alone)
    for (const list of this.pairs.values())
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    this.currencies = currencies;
  }

  private add(pair: string, q: Quote): void {
    // Stryker disable next-line ArrayDeclaration: a filler element is never read: its `date` (undefined) sorts after every ISO date and `undefined <= date` ends the scan
    const list = this.pairs.get(pair) ?? [];
    // a direct quote beats an inverse on the same date
    const same = list.findIndex((x) => x.date === q.date);
    if (same >= 0) {
      if (list[same].source.startsWith('inverse of ') && !q.source.startsWith('inverse of ')) list[same] = q;
      return;
    }
    list.push(q);
    this.pairs.set(pair, list);
  }

  assertCurrency(code: string): string {
    const c = code.toUpperCase();
    if (!this.currencies.has(c)) {
      const hint = suggestClosest(c, this.currencies);
      throw new QuadrantError(
        'unknown_currency',
        `unknown currency "${code}"; known: ${[...this.currencies].sort().join(', ')}${hint.length ? ` (did you mean ${hint[0]}?)` : ''}`,
        { param: 'currency' },
      );
    }
    return c;
  }

  /** The latest quote on or before `date`; 'too_early' when the pair's first quote is later. */
  private quoteOn(pair: string, date: string): Quote | 'too_early' | undefined {
    const list = this.pairs.get(pair); // never empty: add() creates a list with its first quote
    if (!list) return undefined;
    let found: Quote | undefined;
    for (const q of list) {
      if (q.date <= date) found = q;
      else break;
    }
    return found ?? 'too_early';
  }

  /** The first date a `from`→`to` conversion is possible (directly or through USD), if any. */
  firstDate(from: string, to: string): string | undefined {
    const direct = this.pairs.get(`${from}/${to}`)?.[0].date;
    if (direct) return direct;
    const a = this.pairs.get(`${from}/USD`)?.[0].date;
    const b = this.pairs.get(`USD/${to}`)?.[0].date;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: with a leg missing, sort() puts undefined last, so [1] is undefined anyway
    return a && b ? [a, b].sort()[1] : undefined; // the later of two ISO dates
  }

  /** The rate to turn `from` into `to` on `date`; null when no conversion is needed. */
  rateOn(from: string, to: string, date: string): FxUsed | null {
    const f = this.assertCurrency(from);
    const t = this.assertCurrency(to);
    if (f === t) return null;
    const tooEarly = (): never => {
      throw new QuadrantError(
        'no_fx_rate',
        `no ${f}→${t} rate on or before ${date}: the catalog's first is dated ${this.firstDate(f, t)}`,
        { param: 'date', detail: { from: f, to: t, date, first: this.firstDate(f, t) } },
      );
    };
    const direct = this.quoteOn(`${f}/${t}`, date);
    if (direct === 'too_early') return tooEarly();
    if (direct)
      return {
        rate: direct.rate.toString(),
        date: direct.date,
        source: direct.source,
        from: f,
        to: t,
        kind: direct.kind,
      };
    const a = this.quoteOn(`${f}/USD`, date);
    const b = this.quoteOn(`USD/${t}`, date);
    if (a === 'too_early' || b === 'too_early') return tooEarly();
    if (a && b) {
      return {
        rate: a.rate.times(b.rate).toString(),
        date: [a.date, b.date].sort()[0], // the earlier of the legs' ISO dates
        source: `${a.source}; ${b.source} (crossed through USD)`,
        from: f,
        to: t,
        kind: a.kind === b.kind ? a.kind : `${a.kind}+${b.kind}`,
      };
    }
    throw new QuadrantError('unknown_currency', `no FX rate from ${f} to ${t} in the catalog`);
  }

  convert(amount: Dec, from: string, to: string, date: string): { amount: Dec; fx: FxUsed | null } {
    const fx = this.rateOn(from, to, date);
    return fx ? { amount: amount.times(fx.rate), fx } : { amount, fx: null };
  }
}
