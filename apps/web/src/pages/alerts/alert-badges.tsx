import { Badge } from '../../components/ui';
import { severityTone, statusTone } from './alert-text';

/** The severity in words on a coloured badge: the colour helps, the text carries it. */
export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`severity severity-${severity}`}><Badge tone={severityTone(severity)}>{severity}</Badge></span>;
}

export function AlertStatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone(status)}>{status}</Badge>;
}
