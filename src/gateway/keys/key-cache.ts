/**
 * The gateway's view of the active keys, by stored hash (HMAC rows and legacy sha256 rows), loaded from the
 * store every couple of seconds (SQLite: on use; PostgreSQL: in the background) so that authentication on the
 * hot path never waits for the store.
 */
import { timingSafeEqual } from 'node:crypto';
import { hashKey, type KeyRecord, type KeyRow, legacyHash, toRecord } from './key-record.ts';

export class KeyCache {
  private byHash = new Map<string, { record: KeyRecord; hash: Buffer; kind: string }>();
  /** Whether any key exists, active or revoked. */
  anyKey = false;

  load(activeRows: KeyRow[], anyKey: boolean): void {
    this.byHash = new Map(
      activeRows.map((r) => [
        r.hash,
        { record: toRecord(r), hash: Buffer.from(r.hash, 'hex'), kind: r.hash_kind },
      ]),
    );
    this.anyKey = anyKey;
  }

  records(): KeyRecord[] {
    return [...this.byHash.values()].map((e) => e.record);
  }

  /**
   * The active key for a presented secret (constant-time hash comparison). `rehash` is set when the key is
   * stored in the legacy form: the HMAC to store instead.
   */
  lookup(
    installation: Buffer,
    secret: string,
    /** The secret's HMAC when already known (saves computing it). */
    hmac: string = hashKey(installation, secret),
  ): { record: KeyRecord; rehash?: string } | undefined {
    const found = this.byHash.get(hmac);
    if (found && found.kind === 'hmac-sha256' && timingSafeEqual(found.hash, Buffer.from(hmac, 'hex'))) {
      return { record: found.record };
    }
    const legacy = legacyHash(secret);
    const old = this.byHash.get(legacy);
    if (old?.kind !== 'sha256' || !timingSafeEqual(old.hash, Buffer.from(legacy, 'hex'))) return undefined;
    return { record: old.record, rehash: hmac };
  }
}
