import { PageHeader } from '../../components/ui';

export function SessionPage(_props: Record<string, string>) {
  return <PageHeader title="Session" />;
}
