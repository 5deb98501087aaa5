import { TENANT_RETENTION_DAYS } from '@tai/core';
import { Type } from 'typebox';

const RetentionDays = Type.Integer({
  minimum: TENANT_RETENTION_DAYS.min, maximum: TENANT_RETENTION_DAYS.max,
  description: `days events (and their rollups, session summaries and request links) are kept; older ones are deleted by the worker within about an hour. ${TENANT_RETENTION_DAYS.min}-${TENANT_RETENTION_DAYS.max}, default ${TENANT_RETENTION_DAYS.fallback}`,
});

export const TenantSettings = Type.Object({ retentionDays: RetentionDays });

export const UpdateTenantSettingsBody = Type.Object({ retentionDays: RetentionDays }, { additionalProperties: false });
