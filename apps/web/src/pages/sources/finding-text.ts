// What a completeness finding says, in words (GET /v1/sources/{id} health.findings). Pure: the page
// renders `at` as a time and `href` as a link; tested in test/dashboard-detections-models.test.ts.

export type Finding = { kind: string; subject: string; details: Record<string, unknown>; openedAt: string };

export type FindingText = {
  /** the sentence, up to where a time follows ("Source silent since") */
  title: string;
  /** an instant to show after the title, when the finding has one */
  at?: string;
  detail?: string;
  href?: string;
  linkLabel?: string;
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** `2–5, 8` from [[2, 5], [8, 8]]. */
export function rangesText(ranges: unknown): string {
  if (!Array.isArray(ranges)) return '';
  return ranges
    .filter((r): r is [number, number] => Array.isArray(r) && r.length === 2 && r.every((n) => typeof n === 'number'))
    .map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`))
    .join(', ');
}

/** 3600 → "1 h", 5400 → "1 h 30 min", 90 → "2 min". */
export function secondsText(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  if (h >= 48 && m === 0) return `${Math.round(h / 24)} d`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

const shortId = (id: string) => (id.length > 13 ? `${id.slice(0, 8)}…` : id);

export function describeFinding(f: Finding, sourceId: string): FindingText {
  const d = f.details;
  switch (f.kind) {
    case 'source.silent': {
      const threshold = num(d.thresholdSeconds);
      const last = str(d.lastEventAt);
      return {
        ...(last ? { title: 'Source silent since', at: last } : { title: 'Source silent' }),
        ...(threshold ? { detail: `Nothing arrived for longer than its usual quiet (${secondsText(threshold)}).` } : {}),
      };
    }
    case 'session.incomplete': {
      const ranges = rangesText(d.missingRanges);
      const missing = num(d.missing);
      return {
        title: `Session ${shortId(f.subject)} missing events ${ranges || '(unknown indices)'}${d.rangesTruncated ? ' and more' : ''}`,
        ...(missing !== null ? { detail: `${missing} event${missing === 1 ? '' : 's'} of the session (by index, ei) never arrived.` } : {}),
        href: `/sessions/${encodeURIComponent(f.subject)}`, linkLabel: 'Open the session',
      };
    }
    case 'session.open_too_long': {
      const usual = num(d.longOpenSeconds);
      return {
        title: `Session ${shortId(f.subject)} still open, last event`, ...(str(d.lastEventAt) ? { at: str(d.lastEventAt)! } : {}),
        ...(usual ? { detail: `Open longer than sessions here usually last (${secondsText(usual)}); no session.end arrived.` } : {}),
        href: `/sessions/${encodeURIComponent(f.subject)}`, linkLabel: 'Open the session',
      };
    }
    case 'event_type.unknown':
      return {
        title: `Unknown event type ${f.subject}, first seen`, ...(str(d.firstSeenAt) ? { at: str(d.firstSeenAt)! } : {}),
        detail: 'Stored as received; no Teleport version this service knows writes it.',
        href: `/search?${new URLSearchParams({ q: `event:${f.subject}`, from: 'all' }).toString()}`, linkLabel: `Search ${f.subject} events`,
      };
    case 'rejects.spike': {
      const rejects = num(d.rejects);
      const baseline = num(d.baselinePerHour);
      return {
        title: `Spike of rejected events${rejects !== null ? `: ${rejects} in the hour from` : ''}`, ...(str(d.hour) ? { at: str(d.hour)! } : {}),
        ...(baseline !== null ? { detail: `Usually about ${Math.round(baseline * 10) / 10} an hour.` } : {}),
        href: `/sources/${encodeURIComponent(sourceId)}?tab=quarantine`, linkLabel: 'See the quarantine',
      };
    }
    case 's3.objects_missing':
    case 's3.objects_failed': {
      const failed = num(d.failed) ?? 0;
      const missing = num(d.missing) ?? 0;
      const parts = [failed ? `${failed} failed` : '', missing ? `${missing} missing` : ''].filter(Boolean).join(', ');
      return {
        title: `S3 objects of ${f.subject || 'a day'} not ingested${parts ? `: ${parts}` : ''}`,
        href: `/sources/${encodeURIComponent(sourceId)}?tab=objects&status=failed`, linkLabel: 'See the objects',
      };
    }
    default:
      return { title: `${f.kind}${f.subject ? `: ${f.subject}` : ''}` };
  }
}

/** The completeness monitors' rule ids (packages/core MONITOR_RULES) back to the kind of finding they alert on. */
const MONITOR_KIND: Record<string, string> = {
  'monitor-source-silent': 'source.silent', 'monitor-session-incomplete': 'session.incomplete', 'monitor-session-open-too-long': 'session.open_too_long',
  'monitor-unknown-event-type': 'event_type.unknown', 'monitor-reject-spike': 'rejects.spike', 'monitor-s3-objects-missing': 's3.objects_missing',
  'monitor-s3-objects-failed': 's3.objects_failed',
};

export const findingKindOfMonitor = (ruleId: string): string | null => MONITOR_KIND[ruleId] ?? null;
