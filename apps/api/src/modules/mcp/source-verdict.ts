/** A source's health in one word, with the reasons, from what GET /v1/sources/{id} says of it. */
export type SourceVerdict = { status: 'waiting' | 'silent' | 'degraded' | 'healthy'; reasons: string[] };

// Findings named one by one in the reasons; the rest are counted, so 25 sources × 50 findings stay short.
const MAX_FINDING_REASONS = 10;

type Health = {
  lastEventAt?: string | null; rejectsLast24h?: number; eventsWithoutTimeLast24h?: number;
  warnings?: { code: string }[]; findings?: { kind: string; subject?: string }[]; silence?: { thresholdSeconds?: number };
};

export function sourceVerdict(health: Health, now: Date): SourceVerdict {
  const reasons: string[] = [];
  if (!health.lastEventAt) return { status: 'waiting', reasons: ['no event has arrived yet'] };
  const silentFor = (now.getTime() - Date.parse(health.lastEventAt)) / 1000;
  const threshold = health.silence?.thresholdSeconds ?? 86_400;
  const silent = silentFor > threshold;
  if (silent) reasons.push(`no event for ${Math.round(silentFor / 60)} min (silent after ${Math.round(threshold / 60)} min)`);
  if (health.rejectsLast24h) reasons.push(`${health.rejectsLast24h} rejected in 24 h`);
  if (health.eventsWithoutTimeLast24h) reasons.push(`${health.eventsWithoutTimeLast24h} events without a usable time in 24 h`);
  for (const w of health.warnings ?? []) reasons.push(`warning ${w.code}`);
  const findings = health.findings ?? [];
  for (const f of findings.slice(0, MAX_FINDING_REASONS)) reasons.push(`finding ${f.kind}${f.subject ? ` (${f.subject})` : ''}`);
  if (findings.length > MAX_FINDING_REASONS) reasons.push(`and ${findings.length - MAX_FINDING_REASONS} more findings`);
  return { status: silent ? 'silent' : reasons.length ? 'degraded' : 'healthy', reasons };
}
