import type pg from 'pg';

// Postgres may be coming back from a restart when the verdict is read: retry the read, not the verdict.
const READ_ATTEMPTS = 30;

async function withRetry<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (attempt >= READ_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/** Rows per uid of one source, read as the owner (a superuser: row-level security does not hide any). */
export async function storedBySource(owner: pg.Pool, sourceId: string): Promise<Map<string, number>> {
  const { rows } = await withRetry(() => owner.query<{ uid: string | null; n: number }>(
    'select uid, count(*)::int as n from teleport_audit_events where source_id = $1 group by uid', [sourceId]));
  return new Map(rows.map((r) => [r.uid ?? '(no uid)', r.n]));
}

/** An S3 source's objects by status, with the time the last one finished (or changed). */
export async function objectsBySource(owner: pg.Pool, sourceId: string): Promise<{ byStatus: Record<string, number>; lastChange: Date | null; errors: string[] }> {
  const { rows } = await withRetry(() => owner.query<{ status: string; n: number; last: Date; error: string | null }>(
    'select status, count(*)::int as n, max(coalesce(finished_at, updated_at)) as last, max(last_error) as error from ingested_objects where source_id = $1 group by status', [sourceId]));
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])),
    lastChange: rows.length ? new Date(Math.max(...rows.map((r) => r.last.getTime()))) : null,
    errors: rows.flatMap((r) => (r.error ? [`${r.status}: ${r.error}`] : [])),
  };
}

/** Whether some object of the source is being read and has committed part of its events: the moment to kill a worker. */
export async function objectInProgress(owner: pg.Pool, sourceId: string): Promise<boolean> {
  const { rowCount } = await owner.query(
    "select 1 from ingested_objects where source_id = $1 and status = 'processing' and events_total > 0 limit 1", [sourceId]);
  return (rowCount ?? 0) > 0;
}
