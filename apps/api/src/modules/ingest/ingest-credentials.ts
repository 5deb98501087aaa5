import { SECRET_PREFIX } from '@tai/core';

export type IngestHint = { kind: 'session'; sessionId: string } | { kind: 'audit'; tag: string | null };
export type IngestCredentials = { tokens: string[]; hint: IngestHint };

// The Event Handler appends ".<session-id>.log" to session-url by string concatenation, so the token can
// arrive polluted: "<token>.<sid>.log" in the path or in ?token=. Tokens never contain '.', so cut there.
const TOKEN_WITH_TAIL = new RegExp(`^(${SECRET_PREFIX.webhookToken}[0-9A-Za-z]+)(?:\\.(.+)\\.log)?$`);
const SESSION_TAG = /^session\.(.+)\.log$/;

function splitToken(value: string): { token: string; sessionId: string | null } | null {
  const match = TOKEN_WITH_TAIL.exec(value);
  return match ? { token: match[1]!, sessionId: match[2] ?? null } : null;
}

function decodeBasicPassword(header: string): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // The token is the password; a user name is optional (and a token-as-user-name is accepted too).
  const password = colon >= 0 ? decoded.slice(colon + 1) : decoded;
  return password || (colon > 0 ? decoded.slice(0, colon) : null);
}

/**
 * Every credential a webhook request presents: the token in the path (`/v1/ingest/teleport/<token>[/...]`),
 * `Authorization: Bearer`, Basic (token as password) and `?token=`. Also the path's hint: a session stream
 * (`.../session.<sid>.log` or `<token>.<sid>.log`) or audit events. Unrecognisable values are returned as
 * given so that the caller rejects them rather than ignoring them.
 */
export function parseIngestCredentials(args: { pathRest: string; queryToken: string | string[] | undefined; authorization: string | undefined }): IngestCredentials {
  const tokens: string[] = [];
  let hint: IngestHint = { kind: 'audit', tag: null };

  const segments = args.pathRest.split('/').filter(Boolean);
  if (segments.length > 0) {
    // The first segment is a credential only when it looks like one; otherwise the whole path is a tag
    // (`/v1/ingest/teleport/events.log` with the token in a header).
    const looksLikeToken = segments[0]!.startsWith(SECRET_PREFIX.webhookToken);
    const first = looksLikeToken ? splitToken(segments[0]!) : null;
    if (looksLikeToken) tokens.push(first?.token ?? segments[0]!);
    if (first?.sessionId) hint = { kind: 'session', sessionId: first.sessionId };
    const tag = segments.slice(looksLikeToken ? 1 : 0).join('/');
    const session = SESSION_TAG.exec(tag);
    if (session) hint = { kind: 'session', sessionId: session[1]! };
    else if (tag) hint = { kind: 'audit', tag };
  }

  // `?token=a&token=b` presents two credentials; both must hold.
  for (const queryToken of [args.queryToken ?? []].flat().filter(Boolean)) {
    const q = splitToken(queryToken);
    tokens.push(q?.token ?? queryToken);
    if (q?.sessionId) hint = { kind: 'session', sessionId: q.sessionId };
  }

  const auth = args.authorization?.trim();
  if (auth) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(auth);
    const credential = bearer ? bearer[1]! : decodeBasicPassword(auth);
    tokens.push(credential ?? auth);
  }
  return { tokens: [...new Set(tokens)], hint };
}
