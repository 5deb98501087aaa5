import { SILENCE_DEFAULTS, SILENCE_SETTING_LIMITS, TENANT_RETENTION_DAYS } from '@tai/core';
import { Type } from 'typebox';

const RetentionDays = Type.Integer({
  minimum: TENANT_RETENTION_DAYS.min, maximum: TENANT_RETENTION_DAYS.max,
  description: `days events (and their rollups, session summaries and request links) are kept; older ones are deleted by the worker within about an hour. ${TENANT_RETENTION_DAYS.min}-${TENANT_RETENTION_DAYS.max}, default ${TENANT_RETENTION_DAYS.fallback}`,
});

const bound = (what: string) => Type.Union([
  Type.Integer({ minimum: SILENCE_SETTING_LIMITS.minSeconds, maximum: SILENCE_SETTING_LIMITS.maxSeconds }),
  Type.Null(),
], { description: `${what}, in seconds (${SILENCE_SETTING_LIMITS.minSeconds}-${SILENCE_SETTING_LIMITS.maxSeconds}); null for the service default` });

/** The silence bounds a tenant or a source may set; shared by the tenant's settings and a source's PATCH. */
export const SilenceFloorSeconds = bound(`the shortest silence that makes a source "silent" whatever its learned rhythm (default ${SILENCE_DEFAULTS.floorSeconds})`);
export const SilenceCeilingSeconds = bound(`the longest silence a source may keep before it is "silent", however quiet it usually is; also the threshold while too little history is known (default ${SILENCE_DEFAULTS.ceilingSeconds})`);

export const TenantSettings = Type.Object({
  retentionDays: RetentionDays,
  silenceFloorSeconds: SilenceFloorSeconds,
  silenceCeilingSeconds: SilenceCeilingSeconds,
  silenceDefaults: Type.Object({ floorSeconds: Type.Integer(), ceilingSeconds: Type.Integer() }, { description: 'what a null bound means' }),
});

export const UpdateTenantSettingsBody = Type.Object({
  retentionDays: Type.Optional(RetentionDays),
  silenceFloorSeconds: Type.Optional(SilenceFloorSeconds),
  silenceCeilingSeconds: Type.Optional(SilenceCeilingSeconds),
}, { additionalProperties: false, minProperties: 1 });
