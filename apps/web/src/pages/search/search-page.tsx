import { PageHeader } from '../../components/ui';

export function SearchPage(_props: Record<string, string>) {
  return <PageHeader title="Search" />;
}
