import { PageHeader } from '../../components/ui';

export function NewSourcePage(_props: Record<string, string>) {
  return <PageHeader title="New source" />;
}
