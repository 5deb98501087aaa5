import { PageHeader } from '../../components/ui';

export function SettingsPage(_props: Record<string, string>) {
  return <PageHeader title="Settings" />;
}
