import { Badge } from '../../components/ui';
import { STATUS_HELP, STATUS_LABEL, STATUS_TONE, type SourceStatus } from './source-status';

export function SourceStatusBadge({ status }: { status: SourceStatus }) {
  return (
    <span className={`status-badge status-${status}`} title={STATUS_HELP[status]}>
      <Badge tone={STATUS_TONE[status]}>
        <span className="status-dot" aria-hidden="true" />
        {STATUS_LABEL[status]}
      </Badge>
    </span>
  );
}
