import { dedupKeyFor } from './dedup-key.js';
import { resolveActor } from './event-actor.js';
import { readAddresses } from './event-addresses.js';
import { readCommand } from './event-command.js';
import { mergeLabels } from './event-labels.js';
import { createFieldReader, isRecord, type FieldPath, type FieldReader } from './field-readers.js';
import type { NormalizeContext, NormalizedEvent } from './normalized-event.js';
import { resolveEventTime, teleportView } from './forwarder-fields.js';
import { SESSION_FROM_URL_WARNING } from './parse-warnings.js';
import { searchTextOf } from './search-text.js';

export type NormalizeFailureReason = 'event.not_object' | 'event.missing_type';

export type NormalizeResult =
  | { ok: true; event: NormalizedEvent }
  | { ok: false; reason: NormalizeFailureReason; message: string };

/**
 * Maps one decoded Teleport event onto the `teleport_audit_events` columns (event-schema.md §4.1).
 * Pure and total: every JSON object that names its type becomes a row, whatever else is wrong with
 * it, and each coercion is recorded in `parseWarnings` (codes in parse-warnings.ts). Only inputs that
 * cannot be a row at all are refused: non-objects, and objects without a type (`event_type` is NOT NULL).
 * Unknown types are ordinary events; nothing here branches on a type list for correctness.
 * Keys in `ctx.forwarderKeys` are invisible to every column and to the content hash; `raw` keeps them.
 */
export function normalizeEvent(raw: unknown, ctx: NormalizeContext): NormalizeResult {
  // A bad clock is the caller's bug, not the event's: failing loudly beats writing NaN times.
  if (Number.isNaN(ctx.receivedAt.getTime())) throw new TypeError('normalizeEvent: ctx.receivedAt is an invalid Date');
  if (!isRecord(raw)) {
    return { ok: false, reason: 'event.not_object', message: `expected a JSON object, got ${describe(raw)}` };
  }
  const eventType = raw.event;
  if (typeof eventType !== 'string' || eventType === '') {
    return { ok: false, reason: 'event.missing_type', message: `expected a non-empty string "event", got ${describe(eventType)}` };
  }

  const warnings: string[] = [];
  const view = teleportView({ raw, forwarderKeys: ctx.forwarderKeys ?? [] });
  const read = createFieldReader({ event: view, warnings });

  const event: NormalizedEvent = {
    dedupKey: dedupKeyFor(view),
    ...resolveEventTime({ view, raw, ctx, warnings }),
    receivedAt: ctx.receivedAt,
    uid: read.string('uid'),
    eventType,
    eventCode: readCode({ read, warnings }),
    eventIndex: read.integer({ column: 'event_index', from: ['ei'], type: 'bigint' }),
    clusterName: readCluster({ read, ctx, warnings }),
    success: read.boolean({ column: 'success', from: ['success', ['status', 'success']] }),
    error: read.text({ column: 'error', from: ['error'] }),
    message: read.text({ column: 'message', from: ['message'] }),
    ...resolveActor(view),
    userName: read.string('user'),
    login: read.text({ column: 'login', from: ['login'] }),
    impersonator: read.text({ column: 'impersonator', from: ['impersonator', ['identity', 'impersonator']] }),
    userKind: read.integer({ column: 'user_kind', from: ['user_kind'], type: 'smallint' }),
    userRoles: read.stringArray({ column: 'user_roles', from: ['user_roles'] }),
    roles: read.stringArray({ column: 'roles', from: ['roles', ['identity', 'roles']] }),
    method: read.text({ column: 'method', from: ['method'] }),
    mfaDeviceUuid: read.text({
      column: 'mfa_device_uuid',
      from: [['mfa_device', 'mfa_device_uuid'], 'mfa_device_uuid', 'with_mfa', ['identity', 'mfa_device_uuid']],
    }),
    // `sid` is "" on every sftp fixture; the reader treats "" as absent, so it becomes NULL.
    sessionId: readSessionId({ read, ctx, warnings }),
    serverId: read.text({ column: 'server_id', from: ['server_id'] }),
    serverHostname: read.text({ column: 'server_hostname', from: ['server_hostname'] }),
    serverAddr: read.text({ column: 'server_addr', from: ['server_addr'] }),
    namespace: read.text({ column: 'namespace', from: ['namespace'] }),
    ...readAddresses({ event: view, warnings }),
    protocol: read.text({ column: 'protocol', from: ['proto'] }),
    userAgent: read.text({ column: 'user_agent', from: ['user_agent'] }),
    resourceName: read.text({ column: 'resource_name', from: ['name', 'access_list_name'] }),
    updatedBy: read.text({ column: 'updated_by', from: ['updated_by'] }),
    ...readAccessRequest({ read, eventType }),
    certType: read.text({ column: 'cert_type', from: ['cert_type'] }),
    certExpires: read.timestamp({ column: 'cert_expires', from: [['identity', 'expires']] }),
    ...readCommand({ read }),
    kubernetesCluster: read.text({ column: 'kubernetes_cluster', from: ['kubernetes_cluster', ['identity', 'kubernetes_cluster']] }),
    kubeVerb: read.text({ column: 'kube_verb', from: ['verb'] }),
    kubeRequestPath: read.text({ column: 'kube_request_path', from: ['request_path'] }),
    kubeResource: readKubeResource(read),
    responseCode: read.integer({ column: 'response_code', from: ['response_code', 'status_code'], type: 'int' }),
    dbService: read.text({ column: 'db_service', from: ['db_service'] }),
    dbProtocol: read.text({ column: 'db_protocol', from: ['db_protocol'] }),
    dbName: read.text({ column: 'db_name', from: ['db_name'] }),
    dbUser: read.text({ column: 'db_user', from: ['db_user'] }),
    dbQuery: read.text({ column: 'db_query', from: dbQuerySources(eventType) }),
    appName: read.text({ column: 'app_name', from: ['app_name', ['identity', 'route_to_app', 'name']] }),
    awsRoleArn: read.text({ column: 'aws_role_arn', from: ['aws_role_arn'] }),
    desktopAddr: read.text({ column: 'desktop_addr', from: ['desktop_addr'] }),
    windowsUser: read.text({ column: 'windows_user', from: ['windows_user'] }),
    sessionStart: read.timestamp({ column: 'session_start', from: ['session_start'] }),
    sessionStop: read.timestamp({ column: 'session_stop', from: ['session_stop'] }),
    txBytes: read.integer({ column: 'tx_bytes', from: ['tx'], type: 'bigint' }),
    rxBytes: read.integer({ column: 'rx_bytes', from: ['rx'], type: 'bigint' }),
    labels: mergeLabels({ event: view, warnings }),
    raw,
    accessRequests: read.stringArray({ column: 'access_requests', from: ['access_requests'] }),
    searchText: searchTextOf(raw),
    parseWarnings: warnings,
  };
  return { ok: true, event };
}

/** Codes are opaque strings; only their case is normalized (§3 pitfall 11). */
function readCode({ read, warnings }: { read: FieldReader; warnings: string[] }): string | null {
  const code = read.text({ column: 'event_code', from: ['code'] });
  if (code === null) return null;
  const upper = code.toUpperCase();
  if (upper !== code) warnings.push('event_code.upper_cased');
  return upper;
}

function readCluster({ read, ctx, warnings }: { read: FieldReader; ctx: NormalizeContext; warnings: string[] }) {
  // SCIM events say `cluster`; cert.create also names it inside the certificate.
  const fromEvent = read.string('cluster_name', 'cluster', ['identity', 'teleport_cluster']);
  if (fromEvent !== null) return fromEvent;
  if (!ctx.defaultClusterName) return null;
  warnings.push('cluster_name.source_default');
  return ctx.defaultClusterName;
}

/** The event's own `sid`; else the session its request's URL named, with a warning saying so. */
function readSessionId({ read, ctx, warnings }: { read: FieldReader; ctx: NormalizeContext; warnings: string[] }): string | null {
  const own = read.text({ column: 'session_id', from: ['sid'] });
  if (own !== null || !ctx.sessionIdHint) return own;
  warnings.push(SESSION_FROM_URL_WARNING);
  return ctx.sessionIdHint;
}

/** `id` and `state` mean the request's id and state only on access_request events. */
function readAccessRequest({ read, eventType }: { read: FieldReader; eventType: string }) {
  if (!eventType.startsWith('access_request.')) return { requestId: null, requestState: null };
  return {
    requestId: read.text({ column: 'request_id', from: ['id'] }),
    requestState: read.text({ column: 'request_state', from: ['state'] }),
  };
}

/** `kind/namespace/name` of the Kubernetes object, skipping the parts the event does not name. */
function readKubeResource(read: FieldReader): string | null {
  const parts = ['resource_kind', 'resource_namespace', 'resource_name']
    .map((key) => read.text({ column: 'kube_resource', from: [key] }))
    .filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join('/') : null;
}

/** `query` is SQL only on database events; Spanner puts it in `args.sql`. */
function dbQuerySources(eventType: string): FieldPath[] {
  return eventType.startsWith('db.') ? ['db_query', 'query', ['args', 'sql']] : ['db_query', ['args', 'sql']];
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (value === '') return 'an empty string';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
