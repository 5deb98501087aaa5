export { buildApp, type AppDeps } from './app.js';
export { loadApiConfig, type ApiConfig, type IngestConfig } from './config.js';
export { createLogger, loggerOptions } from './logger.js';
export { startApi, type RunningApi } from './server.js';
export { bootstrapFirstAdmin, bootstrapFirstTenant, createOperatorApiKey, createTenantWithAdminKey, createUserWithPassword } from './modules/tenants/tenants.usecases.js';
export { findSourceByWebhookToken } from './modules/ingest/webhook-token.js';
