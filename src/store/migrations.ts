/**
 * The store's migration registry. Each module that owns tables declares its migrations and registers them
 * here when it is loaded (the catalog its overrides, the gateway its keys, budgets and ledger); `openStore`
 * applies every registered migration the database has not seen yet. Version numbers are unique across
 * owners (1: catalog, 2: gateway; take the next free number); never edit a migration that has shipped.
 */
export interface Migration {
  version: number;
  name: string;
  /** SQLite. */
  sql: string;
  /**
   * The same migration for PostgreSQL (src/store/postgres). A migration without it is SQLite-only (tables the
   * Postgres store does not hold, such as the catalog's overrides) and is not applied there.
   */
  postgres?: string;
}

const registry = new Map<number, { owner: string; migration: Migration }>();

/** Registers an owner's migrations; registering the same ones again is a no-op, a taken version throws. */
export function registerMigrations(owner: string, migrations: readonly Migration[]): void {
  for (const m of migrations) {
    const taken = registry.get(m.version);
    if (taken && (taken.owner !== owner || taken.migration.name !== m.name)) {
      throw new Error(
        `store migration ${m.version} of ${owner} ("${m.name}") is already taken by ${taken.owner} ("${taken.migration.name}")`,
      );
    }
    registry.set(m.version, { owner, migration: m });
  }
}

/** Every registered migration, in version order. */
export function registeredMigrations(): Migration[] {
  return [...registry.values()].map((r) => r.migration).sort((a, b) => a.version - b.version);
}
