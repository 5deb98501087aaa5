export { FINDING_KINDS, FINDING_STATES, type FindingKind, type FindingState, type FindingTransition } from './finding-kinds.js';
export { completenessErrors } from './completeness-errors.js';
export { resolveSilenceBounds, SilenceBoundsSettings } from './completeness-settings.js';
export { learnSilenceThreshold, silenceStep, SILENCE_DEFAULTS, type HourlyCount, type SilenceState, type Transition as SilenceTransition } from './silence.js';
export { learnLongOpenSeconds, LONG_OPEN_DEFAULTS, sessionCompleteness, type SessionCompletenessStatus, type SessionFacts } from './session-gaps.js';
export { isKnownEventType, KNOWN_EVENT_TYPES } from './known-event-types.js';
export { rejectSpike, REJECT_SPIKE_DEFAULTS, type HourlyRejects } from './reject-spike.js';
export { reconcileListing, type KnownObject, type ListedObject } from './s3-reconcile.js';
export { nearestRankPercentile } from './percentile.js';
