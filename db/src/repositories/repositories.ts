import type { DbClient } from '../client.js';
import { createAccessRequestsRepository } from './access-requests.repository.js';
import { createApiKeysRepository } from './api-keys.repository.js';
import { createAuditEventsRepository } from './audit-events.repository.js';
import { createAuditLogRepository } from './audit-log.repository.js';
import { createBackfillRunsRepository } from './backfill-runs.repository.js';
import { createEventAggregatesRepository } from './event-aggregates.repository.js';
import { createEventSearchRepository } from './event-search.repository.js';
import { createSavedSearchesRepository } from './saved-searches.repository.js';
import { createSessionsRepository } from './sessions.repository.js';
import { createIngestRejectsRepository } from './ingest-rejects.repository.js';
import { createIngestedObjectsRepository } from './ingested-objects.repository.js';
import { createRetentionRepository } from './retention.repository.js';
import { createSourcesRepository } from './sources.repository.js';
import { createSourceFindingsRepository } from './source-findings.repository.js';
import { createTenantsRepository } from './tenants.repository.js';
import { createUsersRepository } from './users.repository.js';
import { createAlertsRepository } from './alerts.repository.js';
import { createDestinationsRepository } from './destinations.repository.js';
import { createDetectionEvaluationRepository } from './detection-evaluation.repository.js';
import { createDetectionRulesRepository } from './detection-rules.repository.js';
import { createDetectionBacktestRepository } from './detection-backtest.repository.js';

export type Repositories = ReturnType<typeof createRepositories>;

/**
 * `readClient` (a streaming replica, when configured) serves the read-only investigation paths: search,
 * histograms and facets, sessions, access requests and exports. Everything that writes, and every read that
 * must see a write just made (source health after an event, sign-in, keys), stays on `client`.
 */
export const createRepositories = ({ client, readClient = client }: { client: DbClient; readClient?: DbClient }) => ({
  tenants: createTenantsRepository({ client }),
  apiKeys: createApiKeysRepository({ client }),
  sources: createSourcesRepository({ client }),
  auditLog: createAuditLogRepository({ client }),
  auditEvents: createAuditEventsRepository({ client }),
  ingestRejects: createIngestRejectsRepository({ client }),
  ingestedObjects: createIngestedObjectsRepository({ client }),
  backfillRuns: createBackfillRunsRepository({ client }),
  eventSearch: createEventSearchRepository({ client: readClient }),
  eventAggregates: createEventAggregatesRepository({ client: readClient }),
  sessions: createSessionsRepository({ client: readClient }),
  accessRequests: createAccessRequestsRepository({ client: readClient }),
  savedSearches: createSavedSearchesRepository({ client }),
  users: createUsersRepository({ client }),
  retention: createRetentionRepository({ client }),
  sourceFindings: createSourceFindingsRepository({ client }),
  detectionRules: createDetectionRulesRepository({ client }),
  detectionEvaluation: createDetectionEvaluationRepository({ client }),
  alerts: createAlertsRepository({ client }),
  destinations: createDestinationsRepository({ client }),
  detectionBacktest: createDetectionBacktestRepository({ client: readClient }),
});
