import { z } from 'zod';
import { envFields } from '../config/env.js';

/** What api and worker configs both say about metrics. */
export type MetricsConfig = {
  /** null: /metrics is open to whoever reaches the port */
  token: string | null;
  tenantLabels: boolean;
};

/** The env fields behind MetricsConfig, one definition for both apps. */
export const metricsEnv = {
  token: z.string().min(16, 'shorter than 16 characters').regex(/^\S+$/, 'contains whitespace').optional()
    .describe('a secret of at least 16 characters (e.g. openssl rand -hex 32) that scrapes send as Authorization: Bearer <token>; unset: /metrics is open'),
  tenantLabels: envFields.bool('true to label per-source metrics with tenant_id and source_id (a series per source)', false),
};
