/** What a sender remembers about one event (or an S3 object's record): every answer it got, and when. */
export type SendRecord = {
  uid: string;
  /** ms since the epoch of the first attempt */
  firstSentAt: number;
  /** ms since the epoch of the answer that made the sender drop its copy (200; for S3, the object's notification) */
  acceptedAt: number | null;
  /** answers to the requests that carried it, by label: an HTTP status ("200", "503"), "503 no Retry-After", or a socket error code ("ECONNREFUSED") */
  statuses: Record<string, number>;
};

/** Answers by label, counted per request (a Fluentd chunk of 50 events is one answer). */
export type Answers = Record<string, number>;

export type Tally = {
  sent: number;
  accepted: number;
  /** never answered 200 before the deadline: the sender still holds it, so not lost, but the run failed */
  neverAccepted: number;
  storedRows: number;
  storedDistinct: number;
  /** accepted (the sender dropped its copy) and not stored: the one thing that must never happen */
  lost: number;
  /** rows beyond the first for one uid */
  duplicated: number;
  /** stored although no 200 reached the sender (the commit won the race with a kill): harmless, the retry was absorbed */
  storedUnanswered: number;
  /** rows of the scenario's sources whose uid no sender sent */
  unexpectedRows: number;
  answers: Answers;
  longestWaitMs: number;
};

/**
 * The verdict for one sender's events from what it remembers and what the database holds: `stored` maps
 * each uid found in the sender's source to its row count.
 */
export function tallyRecords({ records, stored, answers }: { records: readonly SendRecord[]; stored: ReadonlyMap<string, number>; answers: Answers }): Tally {
  const t: Tally = {
    sent: records.length, accepted: 0, neverAccepted: 0, storedRows: 0, storedDistinct: 0, lost: 0, duplicated: 0,
    storedUnanswered: 0, unexpectedRows: 0, answers: { ...answers }, longestWaitMs: 0,
  };
  const sentUids = new Set<string>();
  for (const r of records) {
    sentUids.add(r.uid);
    const rows = stored.get(r.uid) ?? 0;
    if (rows > 0) {
      t.storedRows += rows;
      t.storedDistinct++;
      t.duplicated += rows - 1;
    }
    if (r.acceptedAt === null) {
      t.neverAccepted++;
      if (rows > 0) t.storedUnanswered++;
    } else {
      t.accepted++;
      if (rows === 0) t.lost++;
      t.longestWaitMs = Math.max(t.longestWaitMs, r.acceptedAt - r.firstSentAt);
    }
  }
  for (const [uid, rows] of stored) if (!sentUids.has(uid)) t.unexpectedRows += rows;
  return t;
}

/** Answers that break the webhook contract (teleport-wire.md §7.3): a 5xx other than 503, or a 503 without Retry-After. */
export function contractViolations(answers: Answers): string[] {
  return Object.entries(answers)
    .filter(([label]) => /^5\d\d$/.test(label) ? label !== '503' : label === '503 no Retry-After')
    .map(([label, n]) => `${n} x ${label}`);
}

/** Whether a scenario's group passed: nothing lost or doubled, everything answered, every answer within contract. */
export function passed(t: Tally): boolean {
  return t.lost === 0 && t.duplicated === 0 && t.neverAccepted === 0 && t.unexpectedRows === 0 && contractViolations(t.answers).length === 0;
}
