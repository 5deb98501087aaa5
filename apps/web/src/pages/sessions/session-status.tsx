import { Badge } from '../../components/ui';
import type { SessionSummary } from './session-types';

const TONES: Record<string, 'good' | 'warn' | 'bad' | 'info' | 'neutral'> = { complete: 'good', incomplete: 'bad', open: 'info', abandoned: 'warn' };
const MEANING: Record<string, string> = {
  complete: 'ended, and every event arrived',
  incomplete: 'ended, but some events never arrived',
  open: 'no end yet, still active',
  abandoned: 'no end and silent for 24 hours',
};

export function SessionStatusBadge({ status }: { status: string }) {
  return <span title={MEANING[status] ?? status}><Badge tone={TONES[status] ?? 'neutral'}>{status}</Badge></span>;
}

/** "all 24 events", "3 missing of 25", "no end": what the completeness numbers mean for a reader. */
export function completenessText(s: Pick<SessionSummary, 'completeness' | 'eventCount'>): { text: string; tone: 'good' | 'bad' | 'warn' } {
  const { missingIndices, highestIndex, hasEnd } = s.completeness;
  if (missingIndices > 0) return { text: `${missingIndices} missing of ${(highestIndex ?? 0) + 1}`, tone: 'bad' };
  if (!hasEnd) return { text: 'no end event', tone: 'warn' };
  return { text: highestIndex === null ? 'whole' : `all ${highestIndex + 1}`, tone: 'good' };
}

export function kindLabel(s: Pick<SessionSummary, 'kind' | 'node' | 'kubernetesCluster' | 'db' | 'app' | 'desktop' | 'serverId'>): string {
  switch (s.kind) {
    case 'kubernetes': return s.kubernetesCluster ?? 'kubernetes';
    case 'database': return s.db ?? 'database';
    case 'app': return s.app ?? 'app';
    case 'desktop': return s.desktop ?? 'desktop';
    default: return s.node ?? s.serverId ?? '—';
  }
}
