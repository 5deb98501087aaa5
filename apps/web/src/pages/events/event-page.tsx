import { PageHeader } from '../../components/ui';

export function EventPage(_props: Record<string, string>) {
  return <PageHeader title="Event" />;
}
