// The normalized columns of GET /v1/events/{id} (db/src/search/event-projection.ts), with people's labels and
// the query field that finds other events with the same value.

export type FieldInfo = { label: string; query?: string };

export const EVENT_FIELD_INFO: Record<string, FieldInfo> = {
  time: { label: 'Time', query: undefined },
  type: { label: 'Event type', query: 'event' },
  code: { label: 'Code', query: 'code' },
  success: { label: 'Success', query: 'success' },
  actor: { label: 'Actor', query: 'user' },
  userName: { label: 'User (event field)', query: 'user_name' },
  userKind: { label: 'User kind', query: 'user_kind' },
  userRoles: { label: 'User roles' },
  actorPath: { label: 'Actor path' },
  impersonator: { label: 'Impersonator', query: 'impersonator' },
  login: { label: 'Login', query: 'login' },
  clusterName: { label: 'Cluster', query: 'cluster' },
  sessionId: { label: 'Session', query: 'sid' },
  eventIndex: { label: 'Event index (ei)', query: 'ei' },
  serverHostname: { label: 'Node', query: 'node' },
  serverId: { label: 'Server id', query: 'server_id' },
  serverAddr: { label: 'Server address', query: 'server_addr' },
  namespace: { label: 'Namespace' },
  remoteIp: { label: 'Client IP', query: 'ip' },
  remoteAddr: { label: 'Client address', query: 'remote_addr' },
  remotePort: { label: 'Client port', query: 'remote_port' },
  localIp: { label: 'Server IP', query: 'local_ip' },
  localAddr: { label: 'Server address (local)' },
  localPort: { label: 'Server port' },
  protocol: { label: 'Protocol', query: 'protocol' },
  userAgent: { label: 'User agent', query: 'user_agent' },
  method: { label: 'Method', query: 'method' },
  mfaDeviceUuid: { label: 'MFA device', query: 'mfa_device' },
  command: { label: 'Command', query: 'command' },
  program: { label: 'Program', query: 'program' },
  argv: { label: 'Arguments' },
  exitCode: { label: 'Exit code', query: 'exit_code' },
  path: { label: 'Path', query: 'path' },
  error: { label: 'Error', query: 'error' },
  message: { label: 'Message', query: 'message' },
  resourceName: { label: 'Resource', query: 'resource' },
  updatedBy: { label: 'Updated by', query: 'updated_by' },
  kubernetesCluster: { label: 'Kubernetes cluster', query: 'kube_cluster' },
  kubeVerb: { label: 'Kubernetes verb', query: 'kube_verb' },
  kubeResource: { label: 'Kubernetes resource', query: 'kube_resource' },
  kubeRequestPath: { label: 'Kubernetes request path' },
  responseCode: { label: 'Response code', query: 'response_code' },
  dbService: { label: 'Database service', query: 'db' },
  dbName: { label: 'Database', query: 'db' },
  dbUser: { label: 'Database user', query: 'db_user' },
  dbProtocol: { label: 'Database protocol' },
  dbQuery: { label: 'Statement', query: 'db_query' },
  appName: { label: 'App', query: 'app' },
  awsRoleArn: { label: 'AWS role', query: 'aws_role' },
  desktopAddr: { label: 'Desktop', query: 'desktop' },
  windowsUser: { label: 'Windows user', query: 'windows_user' },
  requestId: { label: 'Access request', query: 'access_request' },
  requestState: { label: 'Request state', query: 'request_state' },
  accessRequests: { label: 'Under access requests', query: 'access_request' },
  roles: { label: 'Roles', query: 'role' },
  certType: { label: 'Certificate type', query: 'cert_type' },
  certExpires: { label: 'Certificate expires' },
  sessionStart: { label: 'Session start' },
  sessionStop: { label: 'Session stop' },
  txBytes: { label: 'Bytes sent', query: 'tx_bytes' },
  rxBytes: { label: 'Bytes received', query: 'rx_bytes' },
  labels: { label: 'Labels' },
  sourceId: { label: 'Source', query: 'source' },
  uid: { label: 'uid', query: 'uid' },
  receivedAt: { label: 'Received at' },
  timeFromReceivedAt: { label: 'Time from receipt' },
  parseWarnings: { label: 'Normalizer warnings', query: 'warning' },
  dedupKey: { label: 'Dedup key' },
};

/** Fields shown in the event page's order; anything the API adds later is listed after them. */
export const FIELD_ORDER = Object.keys(EVENT_FIELD_INFO);

export const isEmptyValue = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

export const TIME_FIELDS = new Set(['time', 'receivedAt', 'certExpires', 'sessionStart', 'sessionStop']);

/** Fields in display order, empty ones dropped unless asked for. */
export function orderedFields(fields: Record<string, unknown>, { includeEmpty = false } = {}): [string, unknown][] {
  const known = FIELD_ORDER.filter((k) => k in fields);
  const extra = Object.keys(fields).filter((k) => !(k in EVENT_FIELD_INFO)).sort();
  return [...known, ...extra].map((k) => [k, fields[k]] as [string, unknown]).filter(([, v]) => includeEmpty || !isEmptyValue(v));
}
