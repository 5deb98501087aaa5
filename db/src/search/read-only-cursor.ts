import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import Cursor from 'pg-cursor';
import type { DbClient } from '../client.js';

const dialect = new PgDialect();

export type CursorScan = {
  tenantId: string;
  query: SQL;
  /** set_config(...) calls for the transaction besides the tenant's (timeouts, planner settings) */
  settings: SQL;
  pageSize: number;
  /** rows as arrays of values, so no object is made per row */
  arrayRows?: boolean;
};

/**
 * The query's rows in pages from one server-side cursor inside a read-only transaction of the tenant's: one
 * consistent snapshot, bounded memory however many rows. A caller that stops early (returns from its loop, a
 * client gone away) closes the cursor, and the transaction never goes back to the pool open.
 */
export async function* readOnlyCursor<Row>(client: DbClient, { tenantId, query, settings, pageSize, arrayRows = false }: CursorScan): AsyncGenerator<Row[]> {
  const compiled = dialect.sqlToQuery(query);
  const setup = dialect.sqlToQuery(sql`SELECT set_config('app.tenant_id', ${tenantId}, true), ${settings}`);
  const connection = await client.pool.connect();
  let committed = false;
  let broken = false;
  try {
    await connection.query('BEGIN READ ONLY');
    await connection.query(setup.sql, setup.params);
    const cursor = connection.query(new Cursor(compiled.sql, compiled.params, arrayRows ? { rowMode: 'array' } : {}));
    try {
      for (;;) {
        const rows = await cursor.read(pageSize);
        if (rows.length === 0) break;
        yield rows as Row[];
      }
    } finally {
      await cursor.close().catch(() => { broken = true; });
    }
    await connection.query('COMMIT');
    committed = true;
  } finally {
    if (!committed) await connection.query('ROLLBACK').catch(() => { broken = true; });
    connection.release(broken);
  }
}
