type FirstTenant = { tenantId: string; tenantName: string; apiKey: string };
type FirstAdmin = { email: string; password: string };

/** Printed once, on the first start of a fresh database: the only time the password and the key are shown. */
export function firstRunBanner({ tenant, admin, url }: { tenant: FirstTenant | null; admin: FirstAdmin | null; url: string }): string {
  const lines = ['', '  Teleport audit ingest is running.', ''];
  lines.push(`    Dashboard:  ${url}`);
  if (admin) {
    lines.push(`    Email:      ${admin.email}`);
    lines.push(`    Password:   ${admin.password}`);
  }
  if (tenant) {
    lines.push(`    Tenant:     ${tenant.tenantName} (${tenant.tenantId})`);
    lines.push(`    API key:    ${tenant.apiKey}`);
  }
  lines.push('', `  ${admin && tenant ? 'The password and the admin API key are' : admin ? 'The password is' : 'The admin API key is'} shown only now; keep ${admin && tenant ? 'them' : 'it'}.`);
  lines.push('  Open the dashboard, sign in and create a source: it gives the webhook URL and the sender configuration.');
  if (tenant) {
    lines.push('  Or with the API (docs at ' + `${url}/docs):`, '');
    lines.push(`    curl -s -X POST ${url}/v1/sources -H 'authorization: Bearer ${tenant.apiKey}' \\`);
    lines.push(`      -H 'content-type: application/json' -d '{"type":"teleport_webhook","name":"prod-cluster"}'`);
  }
  lines.push('', '');
  return lines.join('\n');
}
