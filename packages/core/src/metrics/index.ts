export { createMetrics, METRIC_PREFIX, type IngestPath, type JobQueueCounts, type MetricOwner, type Metrics, type MetricsOptions, type ObjectFinalStatus, type PoolUsage, type SqsQueueKind } from './metrics.js';
export { metricsScrapeAllowed } from './metrics-auth.js';
export { metricsEnv, type MetricsConfig } from './metrics-config.js';
export { REJECT_REASON_LABELS, rejectReasonLabel } from './reject-reason-label.js';
