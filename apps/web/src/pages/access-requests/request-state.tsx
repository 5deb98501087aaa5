import { Badge } from '../../components/ui';

const TONE: Record<string, 'good' | 'bad' | 'warn' | 'info' | 'neutral'> = { APPROVED: 'good', DENIED: 'bad', PENDING: 'warn', PROMOTED: 'info' };

export function RequestStateBadge({ state }: { state: string | null }) {
  if (!state) return <span className="muted">unknown</span>;
  return <Badge tone={TONE[state.toUpperCase()] ?? 'neutral'}>{state.toLowerCase()}</Badge>;
}
