import { z } from 'zod';
import { checkBounds, completenessErrors } from './completeness-errors.js';
import { SILENCE_DEFAULTS } from './silence.js';

const Seconds = z.number().int().min(60).max(30 * 86_400);

/**
 * Per-source overrides of the silence bounds, kept under `completeness` in a source's config; a tenant-wide
 * layer (the same shape) goes under it. Absent keys fall through to the next layer, then to the defaults.
 */
export const SilenceBoundsSettings = z.object({
  silenceFloorSeconds: Seconds.optional(),
  silenceCeilingSeconds: Seconds.optional(),
}).strict();
export type SilenceBoundsSettings = z.infer<typeof SilenceBoundsSettings>;

/** The silence bounds for a source: its own setting, else the tenant's, else the defaults. */
export function resolveSilenceBounds({ tenant, source }: { tenant?: unknown; source?: unknown }): { floorSeconds: number; ceilingSeconds: number } {
  const parse = (layer: string, value: unknown): SilenceBoundsSettings => {
    if (value === undefined || value === null) return {};
    const parsed = SilenceBoundsSettings.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw completenessErrors.settingsInvalid({ message: `${layer}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, details: { field: `${layer}.${issue?.path.join('.') ?? ''}` } });
  };
  const t = parse('tenant', tenant);
  const s = parse('source', source);
  const bounds = {
    floorSeconds: s.silenceFloorSeconds ?? t.silenceFloorSeconds ?? SILENCE_DEFAULTS.floorSeconds,
    ceilingSeconds: s.silenceCeilingSeconds ?? t.silenceCeilingSeconds ?? SILENCE_DEFAULTS.ceilingSeconds,
  };
  checkBounds('silence', bounds);
  return bounds;
}
