export { buildSessionView, missingIndexRanges, sessionStatus, type SessionEvent, type SessionStatus, type SessionView } from './session-view.js';
export { resolveSessionQuery, SESSION_FIELDS, type SessionCondition } from './session-query.js';
