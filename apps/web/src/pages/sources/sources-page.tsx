import { PageHeader } from '../../components/ui';

export function SourcesPage(_props: Record<string, string>) {
  return <PageHeader title="Sources" />;
}
