import { sql, type SQL } from 'drizzle-orm';

/** A timestamptz as the API writes every time: UTC, six fractional digits (MicroTime). */
export const microText = (column: SQL): SQL => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The event fields a search can return, by their API names (also the CSV column names): `fields=` picks
 * among them. Times are MicroTime text, IPs bare addresses.
 */
export const EVENT_FIELDS = {
  time: microText(sql`e.event_time`),
  receivedAt: microText(sql`e.received_at`),
  timeFromReceivedAt: sql`e.time_from_received_at`,
  sourceId: sql`e.source_id`,
  uid: sql`e.uid`,
  type: sql`e.event_type`,
  code: sql`e.event_code`,
  success: sql`e.success`,
  actor: sql`e.actor`,
  login: sql`e.login`,
  impersonator: sql`e.impersonator`,
  clusterName: sql`e.cluster_name`,
  sessionId: sql`e.session_id`,
  eventIndex: sql`e.event_index`,
  serverHostname: sql`e.server_hostname`,
  serverId: sql`e.server_id`,
  remoteIp: sql`host(e.remote_ip)`,
  remoteAddr: sql`e.remote_addr`,
  resourceName: sql`e.resource_name`,
  method: sql`e.method`,
  command: sql`e.command`,
  program: sql`e.program`,
  argv: sql`e.argv`,
  exitCode: sql`e.exit_code`,
  path: sql`e.path`,
  error: sql`e.error`,
  message: sql`e.message`,
  kubernetesCluster: sql`e.kubernetes_cluster`,
  kubeVerb: sql`e.kube_verb`,
  kubeResource: sql`e.kube_resource`,
  dbService: sql`e.db_service`,
  dbName: sql`e.db_name`,
  dbUser: sql`e.db_user`,
  dbQuery: sql`e.db_query`,
  appName: sql`e.app_name`,
  requestId: sql`e.request_id`,
  requestState: sql`e.request_state`,
  accessRequests: sql`e.access_requests`,
  roles: sql`e.roles`,
  txBytes: sql`e.tx_bytes`,
  rxBytes: sql`e.rx_bytes`,
  parseWarnings: sql`coalesce(e.parse_warnings, '{}')`,
  actorPath: sql`e.actor_path`,
  userName: sql`e.user_name`,
  userKind: sql`e.user_kind`,
  userRoles: sql`e.user_roles`,
  mfaDeviceUuid: sql`e.mfa_device_uuid`,
  namespace: sql`e.namespace`,
  serverAddr: sql`e.server_addr`,
  remotePort: sql`e.remote_port`,
  localAddr: sql`e.local_addr`,
  localIp: sql`host(e.local_ip)`,
  localPort: sql`e.local_port`,
  protocol: sql`e.protocol`,
  userAgent: sql`e.user_agent`,
  updatedBy: sql`e.updated_by`,
  certType: sql`e.cert_type`,
  certExpires: microText(sql`e.cert_expires`),
  kubeRequestPath: sql`e.kube_request_path`,
  responseCode: sql`e.response_code`,
  dbProtocol: sql`e.db_protocol`,
  awsRoleArn: sql`e.aws_role_arn`,
  desktopAddr: sql`e.desktop_addr`,
  windowsUser: sql`e.windows_user`,
  sessionStart: microText(sql`e.session_start`),
  sessionStop: microText(sql`e.session_stop`),
  labels: sql`e.labels`,
  dedupKey: sql`e.dedup_key`,
  raw: sql`e.raw`,
} as const satisfies Record<string, SQL>;

export type EventField = keyof typeof EVENT_FIELDS;
export const EVENT_FIELD_NAMES = Object.keys(EVENT_FIELDS) as EventField[];

/** What a search returns when `fields` is not given: the summary a results table shows. */
export const DEFAULT_EVENT_FIELDS: readonly EventField[] = [
  'time', 'receivedAt', 'timeFromReceivedAt', 'sourceId', 'uid', 'type', 'code', 'success', 'actor', 'login', 'impersonator',
  'clusterName', 'sessionId', 'eventIndex', 'serverHostname', 'serverId', 'remoteIp', 'remoteAddr', 'resourceName', 'method',
  'command', 'program', 'argv', 'exitCode', 'path', 'error', 'message', 'kubernetesCluster', 'kubeVerb', 'kubeResource',
  'dbService', 'dbName', 'dbUser', 'dbQuery', 'appName', 'requestId', 'requestState', 'accessRequests', 'roles', 'txBytes',
  'rxBytes', 'parseWarnings',
];

/** Every normalized column: what one event's detail shows beside its raw form. */
export const ALL_EVENT_FIELDS: readonly EventField[] = EVENT_FIELD_NAMES.filter((f) => f !== 'raw');

/** `select` list: the row id and time (for ids and cursors) and the chosen fields, quoted as their API names. */
export function projection(fields: readonly EventField[]): SQL {
  return sql.join([
    sql`e.id AS "_rowId"`,
    sql`${EVENT_FIELDS.time} AS "_time"`,
    ...fields.map((f) => sql`${EVENT_FIELDS[f]} AS ${sql.identifier(f)}`),
  ], sql`, `);
}
