import { defineConfig } from 'drizzle-kit';

// audit-events.ts is deliberately absent: that table is partitioned and written by hand (see the file's comment).
export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './db/src/schema/installation.ts',
    './db/src/schema/tenants.ts',
    './db/src/schema/api-keys.ts',
    './db/src/schema/sources.ts',
    './db/src/schema/audit-log.ts',
    './db/src/schema/ingest-rejects.ts',
    './db/src/schema/source-ingest-hourly.ts',
    './db/src/schema/ingested-objects.ts',
    './db/src/schema/backfill-runs.ts',
    './db/src/schema/event-rollups.ts',
    './db/src/schema/session-summaries.ts',
    './db/src/schema/saved-searches.ts',
    './db/src/schema/users.ts',
    './db/src/schema/detections.ts',
    './db/src/schema/source-findings.ts',
    './db/src/schema/completeness-state.ts',
    './db/src/schema/alert-notes.ts',
  ],
  out: './migrations',
});
