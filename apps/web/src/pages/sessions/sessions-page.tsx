import { PageHeader } from '../../components/ui';

export function SessionsPage(_props: Record<string, string>) {
  return <PageHeader title="Sessions" />;
}
