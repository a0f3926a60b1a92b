/** What the gateway asks of a key store (SQLite: KeyStore; PostgreSQL: PgKeyStore). */
import type { KeyRecord } from './key-record.ts';

export interface GatewayKeys {
  /** True once any key exists (active or revoked). Synchronous: answered from the cache. */
  authRequired(): boolean;
  /** The active key for a presented secret, or undefined. Synchronous: answered from the cache. */
  authenticate(secret: string): KeyRecord | undefined;
  /** Active keys (for the Operations page). */
  listKeys(): KeyRecord[];
}
