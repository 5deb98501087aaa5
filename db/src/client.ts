import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The role the application runs as: not the owner, not a superuser, so row-level security applies. */
export const APP_ROLE = 'teleport_audit_app';

export type DbClientOptions = {
  url: string;
  poolMax: number;
  /** when true every connection assumes APP_ROLE at start-up (unless it logs in as APP_ROLE); false only for the owner (migrations, maintenance) */
  asAppRole: boolean;
  statementTimeoutMs?: number;
  applicationName?: string;
  onPoolError?: (err: Error) => void;
};

export type DbClient = ReturnType<typeof createDbClient>;

/** Settings that row-level-security capability policies read (migrations 0002 and 0015). */
export type CredentialSetting = 'app.api_key_hash' | 'app.token_hash' | 'app.sign_in_email' | 'app.user_session_hash' | 'app.invite_hash';

/**
 * Whether the URL logs in as APP_ROLE itself, as it must through PgBouncer: PgBouncer refuses the `-c role` start-up
 * option, or drops it without a word when told to ignore it, so it is sent only when the login is another role.
 */
const logsInAsAppRole = (url: string): boolean => decodeURIComponent(new URL(url).username) === APP_ROLE;

export function createDbClient(opts: DbClientOptions) {
  const startupOptions = [
    opts.asAppRole && !logsInAsAppRole(opts.url) ? `-c role=${APP_ROLE}` : '',
    opts.statementTimeoutMs ? `-c statement_timeout=${opts.statementTimeoutMs}` : '',
  ].filter(Boolean).join(' ');
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolMax,
    application_name: opts.applicationName ?? 'teleport-audit-ingest',
    ...(startupOptions ? { options: startupOptions } : {}),
    connectionTimeoutMillis: 5_000,
  });
  // A connection dying (database restart, terminated backend) must never crash the process. The pool listens
  // on idle clients only; a client checked out at that moment emits 'error' with nobody listening, which
  // Node treats as an uncaught exception. So every client gets its own listener; the query in flight still
  // rejects and its caller answers 503.
  // After close(), pool.end() has resolved while the ended connections' sockets may still be open, so a database
  // stopped right after (the embedded one, on shutdown) reports them as failed: nothing to warn about then.
  let closed = false;
  const onError = (err: Error) => {
    if (!closed) opts.onPoolError?.(err);
  };
  pool.on('error', onError);
  pool.on('connect', (connection) => {
    connection.on('error', onError);
  });
  const db: Db = drizzle(pool, { schema });

  /** Runs fn in a transaction whose row-level-security context is this tenant, and only it. */
  const withTenant = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
      return fn(tx);
    });

  /** For look-ups before a tenant is known: only rows matching the presented credential hash become visible. */
  const withCredentialHash = <T>(setting: CredentialSetting, hash: string, fn: (tx: Tx) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select set_config(${setting}, ${hash}, true)`);
      return fn(tx);
    });

  /**
   * Fails unless statements run as APP_ROLE. A pooler that dropped the start-up option would leave them running as
   * the login role, and row-level security would then depend on what that role is (a superuser bypasses it).
   */
  const assertAppRole = async (): Promise<void> => {
    const { rows } = await pool.query<{ role: string }>('select current_user as role');
    const role = rows[0]!.role;
    if (role !== APP_ROLE) {
      throw new Error(`database statements run as ${role}, not ${APP_ROLE}: through PgBouncer, log in as ${APP_ROLE} (it needs LOGIN) instead of relying on the start-up option`);
    }
  };

  const ping = async (): Promise<void> => {
    await pool.query('select 1');
  };

  /**
   * Seconds this server's data is behind its primary: 0 on a primary, and on a standby that has replayed all it
   * received (an idle primary sends nothing, so the last replayed commit's age alone would grow forever).
   */
  const replicationLagSeconds = async (): Promise<number> => {
    const { rows } = await pool.query<{ lag: number }>(`select case
        when not pg_is_in_recovery() then 0
        when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
        else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0) end::float8 as lag`);
    return rows[0]!.lag;
  };

  const close = () => {
    closed = true;
    return pool.end();
  };
  return { pool, db, withTenant, withCredentialHash, assertAppRole, ping, replicationLagSeconds, close };
}
