/**
 * "Who accessed this resource": the events and sessions on it, folded per user into how often, when first and
 * last, with which logins, and under which access requests. Pure, so the folding is tested without a database.
 */
export type AccessEvent = { time: string; actor?: string | null; sessionId?: string | null; login?: string | null; accessRequests?: readonly string[] | null };
export type AccessSession = { sessionId: string; initiator?: string | null; participants?: readonly string[] | null; start: string; login?: string | null };

export type UserAccess = { user: string; events: number; sessions: number; firstSeen: string; lastSeen: string; logins: string[]; accessRequests: string[] };

type Acc = { events: number; sessions: Set<string>; first: string; last: string; logins: Set<string>; requests: Set<string> };

export function foldAccess({ events, sessions, eventCounts = null }: { events: readonly AccessEvent[]; sessions: readonly AccessSession[]; eventCounts?: ReadonlyMap<string, number> | null }): UserAccess[] {
  const byUser = new Map<string, Acc>();
  const touch = (user: string, time: string) => {
    let acc = byUser.get(user);
    if (!acc) {
      acc = { events: 0, sessions: new Set(), first: time, last: time, logins: new Set(), requests: new Set() };
      byUser.set(user, acc);
    }
    if (time < acc.first) acc.first = time;
    if (time > acc.last) acc.last = time;
    return acc;
  };
  for (const e of events) {
    if (!e.actor) continue;
    const acc = touch(e.actor, e.time);
    acc.events += 1;
    if (e.login) acc.logins.add(e.login);
    if (e.sessionId) acc.sessions.add(e.sessionId);
    for (const r of e.accessRequests ?? []) acc.requests.add(r);
  }
  for (const s of sessions) {
    for (const user of new Set([s.initiator, ...(s.participants ?? [])].filter((u): u is string => Boolean(u)))) {
      const acc = touch(user, s.start);
      acc.sessions.add(s.sessionId);
      if (s.login && user === s.initiator) acc.logins.add(s.login);
    }
  }
  // The facet counts are over every match (or its newest 20,000); the scanned events may be fewer.
  for (const [user, count] of eventCounts ?? []) {
    const acc = byUser.get(user);
    if (acc) acc.events = Math.max(acc.events, count);
  }
  return [...byUser].map(([user, a]) => ({
    user, events: a.events, sessions: a.sessions.size, firstSeen: a.first, lastSeen: a.last,
    logins: [...a.logins].sort(), accessRequests: [...a.requests].sort(),
  })).sort((x, y) => y.events - x.events || y.sessions - x.sessions || x.user.localeCompare(y.user));
}
