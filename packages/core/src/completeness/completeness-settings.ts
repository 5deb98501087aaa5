import { completenessErrors } from './completeness-errors.js';
import { SILENCE_DEFAULTS } from './silence.js';

/** What a tenant or a source may set a silence bound to: from a minute (the monitor's tick) to 30 days. */
export const SILENCE_SETTING_LIMITS = { minSeconds: 60, maxSeconds: 30 * 86_400 } as const;

/** One layer of silence bounds (a tenant's, or a source's): null or absent falls through to the next layer. */
export type SilenceBoundsLayer = { silenceFloorSeconds?: number | null; silenceCeilingSeconds?: number | null };
export type SilenceBoundOrigin = 'source' | 'tenant' | 'default';
export type SilenceBounds = { floorSeconds: number; ceilingSeconds: number; floorFrom: SilenceBoundOrigin; ceilingFrom: SilenceBoundOrigin };

const FIELDS = ['silenceFloorSeconds', 'silenceCeilingSeconds'] as const;

/**
 * Refuses a layer that cannot be a setting: a bound that is not a whole number of seconds inside
 * SILENCE_SETTING_LIMITS, or a floor above the ceiling set beside it. The error's `details.field` names it.
 */
export function checkSilenceLayer(layer: string, value: SilenceBoundsLayer): void {
  for (const field of FIELDS) {
    const v = value[field];
    if (v === undefined || v === null) continue;
    if (!Number.isInteger(v) || v < SILENCE_SETTING_LIMITS.minSeconds || v > SILENCE_SETTING_LIMITS.maxSeconds) {
      throw completenessErrors.settingsInvalid({
        message: `${layer}.${field} must be a whole number of seconds from ${SILENCE_SETTING_LIMITS.minSeconds} to ${SILENCE_SETTING_LIMITS.maxSeconds}`,
        details: { field: `${layer}.${field}` },
      });
    }
  }
  const { silenceFloorSeconds: floor, silenceCeilingSeconds: ceiling } = value;
  if (floor != null && ceiling != null && floor > ceiling) {
    throw completenessErrors.settingsInvalid({
      message: `${layer}.silenceFloorSeconds (${floor} s) is above ${layer}.silenceCeilingSeconds (${ceiling} s)`,
      details: { field: `${layer}.silenceFloorSeconds`, floorSeconds: floor, ceilingSeconds: ceiling },
    });
  }
}

/**
 * The silence bounds for a source: each bound from the source, else the tenant, else the defaults. Layers are
 * set apart (a tenant changes its bounds without looking at every source), so the two bounds may come from
 * layers that disagree; then the more specific layer's bound wins and the other follows it: a source floor
 * of 2 days under the default 1-day ceiling raises the ceiling to 2 days, rather than one setting being lost.
 */
export function resolveSilenceBounds({ tenant, source }: { tenant?: SilenceBoundsLayer | null; source?: SilenceBoundsLayer | null }): SilenceBounds {
  const rank = { source: 2, tenant: 1, default: 0 } as const;
  const pick = (field: (typeof FIELDS)[number], fallback: number): [number, SilenceBoundOrigin] => {
    if (source?.[field] != null) return [source[field], 'source'];
    if (tenant?.[field] != null) return [tenant[field], 'tenant'];
    return [fallback, 'default'];
  };
  const [floor, floorFrom] = pick('silenceFloorSeconds', SILENCE_DEFAULTS.floorSeconds);
  const [ceiling, ceilingFrom] = pick('silenceCeilingSeconds', SILENCE_DEFAULTS.ceilingSeconds);
  if (floor <= ceiling) return { floorSeconds: floor, ceilingSeconds: ceiling, floorFrom, ceilingFrom };
  return rank[floorFrom] > rank[ceilingFrom]
    ? { floorSeconds: floor, ceilingSeconds: floor, floorFrom, ceilingFrom: floorFrom }
    : { floorSeconds: ceiling, ceilingSeconds: ceiling, floorFrom: ceilingFrom, ceilingFrom };
}
