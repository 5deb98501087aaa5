import { PageHeader } from '../../components/ui';

export function AccessRequestPage(_props: Record<string, string>) {
  return <PageHeader title="Access request" />;
}
