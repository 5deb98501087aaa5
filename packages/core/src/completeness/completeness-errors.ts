import { defineError } from '../errors.js';

/** Errors of completeness settings: `details.field` names the setting (`silence.floorSeconds`). */
export const completenessErrors = {
  settingsInvalid: defineError({ code: 'completeness.settings_invalid', statusCode: 400, message: 'The completeness settings are not valid' }),
};

/** A floor above its ceiling cannot be clamped to; refused rather than silently swapped. */
export function checkBounds(field: string, { floorSeconds, ceilingSeconds }: { floorSeconds: number; ceilingSeconds: number }): void {
  if (!Number.isFinite(floorSeconds) || !Number.isFinite(ceilingSeconds) || floorSeconds < 0 || floorSeconds > ceilingSeconds) {
    throw completenessErrors.settingsInvalid({
      message: `${field}: the floor (${floorSeconds} s) must be a number from 0 up to the ceiling (${ceilingSeconds} s)`,
      details: { field, floorSeconds, ceilingSeconds },
    });
  }
}
