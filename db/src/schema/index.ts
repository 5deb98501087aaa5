export * from './installation.js';
export * from './tenants.js';
export * from './api-keys.js';
export * from './sources.js';
export * from './audit-log.js';
export * from './ingest-rejects.js';
export * from './audit-events.js';
export * from './source-ingest-hourly.js';
