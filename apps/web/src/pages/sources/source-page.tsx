import { PageHeader } from '../../components/ui';

export function SourcePage(_props: Record<string, string>) {
  return <PageHeader title="Source" />;
}
