// Response shapes of the search routes (apps/api/src/modules/events/*.routes.ts, saved-searches.routes.ts).

type S = string | null;

/** A result row: the fields the table asks for with `fields=` (RESULT_FIELDS). */
export type EventRow = {
  id: string;
  time: string;
  type: string;
  code: S;
  success: boolean | null;
  actor: S;
  login: S;
  clusterName: S;
  sessionId: S;
  serverHostname: S;
  serverId: S;
  remoteIp: S;
  resourceName: S;
  command: S;
  program: S;
  exitCode: number | null;
  path: S;
  error: S;
  kubernetesCluster: S;
  kubeVerb: S;
  kubeResource: S;
  dbService: S;
  dbQuery: S;
  appName: S;
  requestId: S;
  requestState: S;
  accessRequests: string[] | null;
};

export const RESULT_FIELDS: readonly (keyof EventRow)[] = [
  'time', 'type', 'code', 'success', 'actor', 'login', 'clusterName', 'sessionId', 'serverHostname', 'serverId', 'remoteIp',
  'resourceName', 'command', 'program', 'exitCode', 'path', 'error', 'kubernetesCluster', 'kubeVerb', 'kubeResource', 'dbService',
  'dbQuery', 'appName', 'requestId', 'requestState', 'accessRequests',
];

export type EventPage = { data: EventRow[]; nextCursor: S; range: { from: S; to: S } };

export type EventDetail = { event: { id: string; time: string } & Record<string, unknown>; fields: Record<string, unknown>; raw: Record<string, unknown> };

export type Histogram = {
  interval: string;
  from: string;
  to: string;
  groupBy: S;
  source: string;
  groups: { key: string; total: number }[];
  buckets: { start: string; total: number; counts: Record<string, number> }[];
};

export type Facet = { field: string; distinct: number; exact: boolean; values: { value: string; count: number }[] };
export type Facets = { from: S; to: S; sampled: number; facets: Facet[] };

export type SearchField = { name: string; aliases: string[]; type: string; description: string; groupable: boolean };

export type SavedSearch = { id: string; name: string; query: string; from: S; to: S; ownerKeyId: S; createdAt: string; updatedAt: string };
