/**
 * What a session was, from its events (in `ei` order): who took part (joins and leaves), where, what ran
 * (exec, session.command with argv and exit codes), file transfers, port forwards, data moved, the access
 * requests it ran under, and whether its event stream is whole. Pure; the repository supplies the events.
 */
export type SessionEvent = {
  id: string;
  time: string;
  type: string;
  code: string | null;
  eventIndex: number | null;
  actor: string | null;
  login: string | null;
  command: string | null;
  program: string | null;
  argv: string[] | null;
  exitCode: number | null;
  path: string | null;
  success: boolean | null;
  error: string | null;
  txBytes: number | null;
  rxBytes: number | null;
  accessRequests: string[] | null;
  raw: Record<string, unknown>;
};

/** session.data carries MaxInt32-1 and session.upload MaxInt32 as their ei (lib/events/api.go): not positions. */
const RESERVED_INDEX = 2_147_483_646;
const isOrdinaryIndex = (ei: number | null): ei is number => ei !== null && ei >= 0 && ei < RESERVED_INDEX;

/**
 * The indices missing from 0..max, as closed ranges: [[3, 3], [7, 12]]. `upTo` checks 0..upTo instead: a
 * missing tail up to it counts, and indices above it are left out (a list of indices read only that far).
 */
export function missingIndexRanges(indices: Iterable<number>, { upTo }: { upTo?: number } = {}): [number, number][] {
  const limit = upTo ?? Number.POSITIVE_INFINITY;
  const sorted = [...new Set(indices)].filter((i) => i >= 0 && i <= limit).sort((a, b) => a - b);
  const gaps: [number, number][] = [];
  let expected = 0;
  for (const i of sorted) {
    if (i > expected) gaps.push([expected, i - 1]);
    expected = i + 1;
  }
  if (upTo !== undefined && upTo >= expected) gaps.push([expected, upTo]);
  return gaps;
}

export type SessionStatus = 'complete' | 'incomplete' | 'open' | 'abandoned';

/**
 * complete: it ended and no index is missing; incomplete: it ended with a gap; open: no end yet and still
 * active recently; abandoned: no end and silent for longer than `abandonedAfterMs`.
 */
export function sessionStatus({ hasEnd, missing, lastEventAt, now, abandonedAfterMs }: { hasEnd: boolean; missing: number; lastEventAt: string; now: Date; abandonedAfterMs: number }): SessionStatus {
  if (hasEnd) return missing > 0 ? 'incomplete' : 'complete';
  return now.getTime() - Date.parse(lastEventAt) > abandonedAfterMs ? 'abandoned' : 'open';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function buildSessionView(events: SessionEvent[]) {
  const participants = new Map<string, { user: string; joinedAt: string | null; leftAt: string | null; mode: string | null }>();
  const commands: { time: string; eventId: string; type: string; command: string | null; program: string | null; argv: string[] | null; exitCode: number | null; success: boolean | null }[] = [];
  const fileTransfers: { time: string; eventId: string; type: string; path: string | null; action: string | null; success: boolean | null; error: string | null }[] = [];
  const portForwards: { time: string; eventId: string; address: string | null; code: string | null }[] = [];
  const accessRequests = new Set<string>();
  let txBytes = 0;
  let rxBytes = 0;
  let moderated = false;
  let endEvent: SessionEvent | null = null;
  let startEvent: SessionEvent | null = null;

  for (const ev of events) {
    for (const id of ev.accessRequests ?? []) accessRequests.add(id);
    if (ev.actor) {
      const p = participants.get(ev.actor) ?? { user: ev.actor, joinedAt: null, leftAt: null, mode: null };
      if (/(^|\.)session\.(start|open|join)$/.test(ev.type) && p.joinedAt === null) p.joinedAt = ev.time;
      if (/(^|\.)session\.leave$/.test(ev.type)) p.leftAt = ev.time;
      const mode = str(ev.raw.participant_mode);
      if (mode) {
        p.mode = mode;
        if (mode !== 'peer') moderated = true;
      }
      participants.set(ev.actor, p);
    }
    if (/(^|\.)session\.(start|open)$/.test(ev.type) && !startEvent) startEvent = ev;
    if (/(^|\.)session\.end$/.test(ev.type)) endEvent = ev;
    if (ev.type === 'exec' || ev.type === 'session.command' || ev.type === 'session.exec') {
      commands.push({ time: ev.time, eventId: ev.id, type: ev.type, command: ev.command, program: ev.program, argv: ev.argv, exitCode: ev.exitCode, success: ev.success });
    } else if (ev.type === 'scp' || ev.type === 'sftp' || ev.type === 'session.disk') {
      fileTransfers.push({ time: ev.time, eventId: ev.id, type: ev.type, path: ev.path, action: str(ev.raw.action) ?? (typeof ev.raw.action === 'number' ? String(ev.raw.action) : null), success: ev.code === null ? ev.success : !ev.code.endsWith('E'), error: ev.error });
    } else if (ev.type === 'port') {
      portForwards.push({ time: ev.time, eventId: ev.id, address: str(ev.raw.addr), code: ev.code });
    }
    if (ev.txBytes) txBytes += ev.txBytes;
    if (ev.rxBytes) rxBytes += ev.rxBytes;
    if (/moderat/.test(ev.type)) moderated = true;
  }
  const indices = events.map((e) => e.eventIndex).filter(isOrdinaryIndex);
  const gaps = missingIndexRanges(indices);
  return {
    participants: [...participants.values()],
    commands,
    fileTransfers,
    portForwards,
    dataTransferred: { txBytes, rxBytes },
    accessRequests: [...accessRequests].sort(),
    moderated,
    started: startEvent ? { time: startEvent.time, eventId: startEvent.id } : null,
    ended: endEvent ? { time: endEvent.time, eventId: endEvent.id, sessionStart: str(endEvent.raw.session_start), sessionStop: str(endEvent.raw.session_stop), interactive: typeof endEvent.raw.interactive === 'boolean' ? endEvent.raw.interactive : null } : null,
    completeness: {
      highestIndex: indices.length > 0 ? indices.reduce((a, b) => Math.max(a, b)) : null,
      indexedEvents: new Set(indices).size,
      missingIndices: gaps.reduce((n, [a, b]) => n + b - a + 1, 0),
      missingRanges: gaps,
      hasEnd: endEvent !== null,
    },
  };
}

export type SessionView = ReturnType<typeof buildSessionView>;
