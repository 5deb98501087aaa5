import { PageHeader } from '../../components/ui';

export function AccessRequestsPage(_props: Record<string, string>) {
  return <PageHeader title="Access requests" />;
}
