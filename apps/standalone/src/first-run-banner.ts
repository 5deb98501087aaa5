/** Printed once, on the first start of a fresh database: the only time this key is shown. */
export const firstRunBanner = ({ tenantId, tenantName, apiKey, url }: { tenantId: string; tenantName: string; apiKey: string; url: string }) => `
  Teleport audit ingest is running.

    Open:     ${url}/docs
    Tenant:   ${tenantName} (${tenantId})
    API key:  ${apiKey}

  This admin API key is shown only now. Keep it; create a webhook source with:

    curl -s -X POST ${url}/v1/sources -H 'authorization: Bearer ${apiKey}' \\
      -H 'content-type: application/json' -d '{"type":"teleport_webhook","name":"prod-cluster"}'

`;
