import type { ToolDefinition } from '../tool-definition.js';
import { getAccessRequest, listAccessRequests } from './access-requests.tools.js';
import { acknowledgeAlert, getAlert, listAlerts, listRules, setRuleEnabled } from './detections.tools.js';
import { eventHistogram, getEvent, searchEvents, topValues } from './events.tools.js';
import { userActivity, whoAccessed } from './investigation.tools.js';
import { getSession, listSessions } from './sessions.tools.js';
import { listSources, sourceHealth } from './sources.tools.js';

/** Every tool, in the order a client lists them: the investigation tools first, the changing ones last. */
export const TOOLS: readonly ToolDefinition[] = [
  searchEvents, eventHistogram, topValues, getEvent,
  listSessions, getSession, listAccessRequests, getAccessRequest, whoAccessed, userActivity,
  listSources, sourceHealth, listAlerts, getAlert, listRules,
  acknowledgeAlert, setRuleEnabled,
];
