/** A source's health in one word, with the reasons, from what GET /v1/sources/{id} says of it. */
export type SourceVerdict = { status: 'waiting' | 'silent' | 'degraded' | 'healthy'; reasons: string[] };

// Findings named one by one in the reasons; the rest are counted, so 25 sources × 50 findings stay short.
const MAX_FINDING_REASONS = 10;

type Health = {
  lastEventAt?: string | null; rejectsLast24h?: number; eventsWithoutTimeLast24h?: number;
  warnings?: { code: string }[]; findings?: { kind: string; subject?: string }[]; silence?: { thresholdSeconds?: number };
};

/**
 * Silent is the completeness monitor's call (its open source.silent finding, against the threshold it learned),
 * not this process's clock: the CLI's clock may be off, and the monitor is what raised or will raise the alert.
 */
export function sourceVerdict(health: Health): SourceVerdict {
  const reasons: string[] = [];
  if (!health.lastEventAt) return { status: 'waiting', reasons: ['no event has arrived yet'] };
  const findings = health.findings ?? [];
  const silent = findings.some((f) => f.kind === 'source.silent');
  if (silent) {
    const threshold = health.silence?.thresholdSeconds;
    reasons.push(`silent: no event since ${health.lastEventAt}${threshold ? ` (the monitor's threshold is ${Math.round(threshold / 60)} min)` : ''}`);
  }
  if (health.rejectsLast24h) reasons.push(`${health.rejectsLast24h} rejected in 24 h`);
  if (health.eventsWithoutTimeLast24h) reasons.push(`${health.eventsWithoutTimeLast24h} events without a usable time in 24 h`);
  for (const w of health.warnings ?? []) reasons.push(`warning ${w.code}`);
  const others = findings.filter((f) => f.kind !== 'source.silent');
  for (const f of others.slice(0, MAX_FINDING_REASONS)) reasons.push(`finding ${f.kind}${f.subject ? ` (${f.subject})` : ''}`);
  if (others.length > MAX_FINDING_REASONS) reasons.push(`and ${others.length - MAX_FINDING_REASONS} more findings`);
  return { status: silent ? 'silent' : reasons.length ? 'degraded' : 'healthy', reasons };
}
