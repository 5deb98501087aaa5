import { parseIsoDate, reconcileListing } from '@tai/core';
import type { FindingDraft } from '@tai/db';
import type { HandedObject } from './backfill.job.js';

const DAY_MS = 86_400_000;
/** Keys a finding names, so whoever reads it can look one up in the bucket. */
export const SAMPLE_KEYS = 5;

/** What one full listing of a day's folder found, over the event objects old enough to judge. */
export type DayTally = {
  /** event objects listed */
  listed: number;
  /** never registered before this listing: their notification never reached us */
  missing: number;
  sampleKeys: string[];
  /** registered and still queued or being read */
  pending: number;
  /** registered and given up on (failed, or gone when read); the s3.objects_failed finding reports them */
  failed: number;
  /** written too recently to judge: left for the next reconcile */
  young: number;
};

export const emptyTally = (): DayTally => ({ listed: 0, missing: 0, sampleKeys: [], pending: 0, failed: 0, young: 0 });

/**
 * Adds one handed-off page to a day's tally. An object this listing registered is missing; the rest are
 * judged by the status their row had when listed (reconcileListing), so an object queued by the last
 * reconcile and not read yet counts as pending.
 */
export function addPage(tally: DayTally, handed: readonly HandedObject[]): void {
  const known = handed.filter((h) => !h.registered).map((h) => ({ key: h.key, etag: h.row.etag, status: h.row.status }));
  const { missing, pending, failed } = reconcileListing({ listed: handed, known });
  tally.listed += handed.length;
  tally.missing += missing.length;
  tally.pending += pending.length;
  tally.failed += failed.length;
  for (const object of missing) if (tally.sampleKeys.length < SAMPLE_KEYS) tally.sampleKeys.push(object.key);
}

/**
 * The UTC days a reconcile lists, oldest first: the last `days` (today included), and before them the days
 * of findings still open, which are listed until they resolve even once they have left the window.
 */
export function reconcileDays({ now, days, openDays }: { now: Date; days: number; openDays: readonly string[] }): string[] {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const window = Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
  const earlier = [...new Set(openDays)].filter((d) => parseIsoDate(d) !== null && !window.includes(d) && d < window[0]!).sort();
  return [...earlier, ...window];
}

type OpenFinding = { id: string; subject: string; details: Record<string, unknown> };

/**
 * Findings from the days whose listing completed: a day with missing objects opens s3.objects_missing unless
 * it is open already; an open day resolves once its listing found nothing missing and nothing still queued
 * (the objects the reconcile queued were read). Failed objects do not hold it open: s3.objects_failed has them.
 */
export function planMissingFindings({ sourceId, days, open, now }: { sourceId: string; days: readonly { day: string; tally: DayTally }[]; open: readonly OpenFinding[]; now: Date }) {
  const openByDay = new Map(open.map((f) => [f.subject, f]));
  const plan: { open: FindingDraft[]; resolve: { id: string; details: Record<string, unknown> }[] } = { open: [], resolve: [] };
  for (const { day, tally } of days) {
    const finding = openByDay.get(day);
    if (!finding && tally.missing > 0) {
      plan.open.push({ sourceId, kind: 's3.objects_missing', subject: day, details: { day, missing: tally.missing, sampleKeys: tally.sampleKeys } });
    } else if (finding && tally.missing === 0 && tally.pending === 0) {
      plan.resolve.push({ id: finding.id, details: { ...finding.details, resolvedAt: now.toISOString(), listed: tally.listed, failed: tally.failed } });
    }
  }
  return plan;
}
