// SQLSTATEs and socket errors that mean "the database cannot serve now", not "the request is wrong":
// admin shutdown, cannot connect now, too many connections, statement timeout, lock timeout, read-only replica.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '55P03', '25006', '08000', '08003', '08006', '08001', '08004']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** True for errors a client should meet with 503 and a retry rather than 500. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /timeout exceeded when trying to connect|Connection terminated|connection is closed/i.test(message)) return true;
  }
  return false;
}

/**
 * True for errors that one row's data causes, so the same row fails the same way on every retry: data
 * exceptions (class 22: bad datetime, invalid JSON text, untranslatable character), integrity violations
 * (23) other than unique_violation, which is a dedup race and succeeds on retry, and program limits (54:
 * an index row too large, a statement too complex). Such a row is isolated and quarantined; everything
 * else is transient and answered 503.
 */
export function isRowDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)[0-9A-Z]{3}$/.test(code) && code !== '23505';
}

/** A unique constraint refused the write (a name already taken), wherever drizzle wrapped the error. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
