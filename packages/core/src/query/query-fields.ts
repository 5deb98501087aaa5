import { isStrictIpLiteral } from '../events/ip-literal.js';
import { isUuid } from '../ids.js';
import type { MicroTime } from '../time/micro-time.js';
import { QuerySyntaxError, type Comparison, type QueryNode } from './query-syntax.js';
import { parseInstant } from './time-range.js';

/**
 * The fields the search language knows: Teleport's own names for the normalized columns, so a query reads
 * like the events it finds. `ci` text matches ignoring case (user:RJONES finds rjones); `event` and `sid`
 * are exact. Several columns on one field means any of them (node: the host name or the server id).
 */
/** `tags`: a text[] column, matching when it holds the value. `request`: the access_requests tag list or request_id. */
export type FieldType = 'text' | 'ci-text' | 'code' | 'int' | 'bool' | 'time' | 'ip' | 'source' | 'request' | 'tags';

export type FieldSpec = {
  name: string;
  type: FieldType;
  /** columns of teleport_audit_events, any of which may match */
  columns: readonly string[];
  description: string;
  aliases?: readonly string[];
};

export const QUERY_FIELDS: readonly FieldSpec[] = [
  { name: 'event', type: 'text', columns: ['event_type'], description: 'event type; session.* for every session event', aliases: ['type', 'event_type'] },
  { name: 'code', type: 'code', columns: ['event_code'], description: 'event code, e.g. T1000W (case does not matter); T1000* for a group', aliases: ['event_code'] },
  { name: 'user', type: 'ci-text', columns: ['actor'], description: 'who acted (user, bot, reviewer, author); case does not matter', aliases: ['actor'] },
  { name: 'user_name', type: 'ci-text', columns: ['user_name'], description: 'the event\'s own `user` field' },
  { name: 'login', type: 'ci-text', columns: ['login'], description: 'OS or database login, e.g. root' },
  { name: 'impersonator', type: 'ci-text', columns: ['impersonator'], description: 'the user who impersonated' },
  { name: 'cluster', type: 'ci-text', columns: ['cluster_name'], description: 'Teleport cluster name', aliases: ['cluster_name'] },
  { name: 'node', type: 'ci-text', columns: ['server_hostname', 'server_id'], description: 'node host name or server id', aliases: ['host'] },
  { name: 'server_hostname', type: 'ci-text', columns: ['server_hostname'], description: 'node host name' },
  { name: 'server_id', type: 'text', columns: ['server_id'], description: 'node server id' },
  { name: 'server_addr', type: 'text', columns: ['server_addr'], description: 'node address' },
  { name: 'sid', type: 'text', columns: ['session_id'], description: 'session id', aliases: ['session', 'session_id'] },
  { name: 'ip', type: 'ip', columns: ['remote_ip'], description: 'client IP or CIDR, v4 or v6: ip:10.0.0.0/8', aliases: ['remote_ip', 'client_ip'] },
  { name: 'local_ip', type: 'ip', columns: ['local_ip'], description: 'server-side IP or CIDR' },
  { name: 'remote_addr', type: 'text', columns: ['remote_addr'], description: 'client address as sent' },
  { name: 'remote_port', type: 'int', columns: ['remote_port'], description: 'client port' },
  { name: 'success', type: 'bool', columns: ['success'], description: 'true or false' },
  { name: 'access_request', type: 'request', columns: ['access_requests', 'request_id'], description: 'access request id: the request\'s own events and everything done under it', aliases: ['request'] },
  { name: 'request_state', type: 'ci-text', columns: ['request_state'], description: 'access request state: PENDING, APPROVED, DENIED' },
  { name: 'source', type: 'source', columns: ['source_id'], description: 'source id, or source name' },
  { name: 'kube_cluster', type: 'ci-text', columns: ['kubernetes_cluster'], description: 'Kubernetes cluster', aliases: ['kubernetes_cluster'] },
  { name: 'kube_verb', type: 'ci-text', columns: ['kube_verb'], description: 'Kubernetes verb: exec, get, portforward' },
  { name: 'kube_resource', type: 'text', columns: ['kube_resource'], description: 'kind/namespace/name' },
  { name: 'db', type: 'ci-text', columns: ['db_service', 'db_name'], description: 'database service or database name' },
  { name: 'db_user', type: 'ci-text', columns: ['db_user'], description: 'database user' },
  { name: 'db_query', type: 'text', columns: ['db_query'], description: 'database statement (use * for substrings)' },
  { name: 'app', type: 'ci-text', columns: ['app_name'], description: 'application name', aliases: ['app_name'] },
  { name: 'command', type: 'text', columns: ['command'], description: 'command line (use * for substrings: command:*curl*)' },
  { name: 'program', type: 'text', columns: ['program'], description: 'executable of a session.command' },
  { name: 'path', type: 'text', columns: ['path'], description: 'file path (scp, sftp, session.disk)' },
  { name: 'exit_code', type: 'int', columns: ['exit_code'], description: 'exit code: exit_code:>0' },
  { name: 'method', type: 'ci-text', columns: ['method'], description: 'login or join method: local, saml, github, token' },
  { name: 'mfa_device', type: 'text', columns: ['mfa_device_uuid'], description: 'MFA device UUID; mfa_device:* for "with MFA"' },
  { name: 'resource', type: 'ci-text', columns: ['resource_name'], description: 'name of the resource changed', aliases: ['name', 'resource_name'] },
  { name: 'updated_by', type: 'ci-text', columns: ['updated_by'], description: 'author of a change' },
  { name: 'cert_type', type: 'ci-text', columns: ['cert_type'], description: 'certificate type: user, host' },
  { name: 'error', type: 'text', columns: ['error'], description: 'error text (use * for substrings)' },
  { name: 'message', type: 'text', columns: ['message'], description: 'message text' },
  { name: 'protocol', type: 'ci-text', columns: ['protocol'], description: 'client protocol', aliases: ['proto'] },
  { name: 'user_agent', type: 'text', columns: ['user_agent'], description: 'client user agent' },
  { name: 'desktop', type: 'text', columns: ['desktop_addr'], description: 'Windows desktop address', aliases: ['desktop_addr'] },
  { name: 'windows_user', type: 'ci-text', columns: ['windows_user'], description: 'Windows user' },
  { name: 'aws_role', type: 'text', columns: ['aws_role_arn'], description: 'AWS role ARN', aliases: ['aws_role_arn'] },
  { name: 'user_kind', type: 'int', columns: ['user_kind'], description: '1 human, 2 bot, 3 system' },
  { name: 'ei', type: 'int', columns: ['event_index'], description: 'index of the event in its session', aliases: ['event_index'] },
  { name: 'response_code', type: 'int', columns: ['response_code'], description: 'HTTP status of a kube or app request' },
  { name: 'tx_bytes', type: 'int', columns: ['tx_bytes'], description: 'bytes sent (session.data)' },
  { name: 'rx_bytes', type: 'int', columns: ['rx_bytes'], description: 'bytes received (session.data)' },
  { name: 'uid', type: 'text', columns: ['uid'], description: 'the event\'s uid' },
  { name: 'time', type: 'time', columns: ['event_time'], description: 'event time: time:>2026-01-01T00:00:00Z', aliases: ['event_time'] },
  { name: 'received_at', type: 'time', columns: ['received_at'], description: 'when this service received the event' },
  { name: 'session_start', type: 'time', columns: ['session_start'], description: 'start of the session (session.end)' },
  { name: 'session_stop', type: 'time', columns: ['session_stop'], description: 'end of the session (session.end)' },
  { name: 'cert_expires', type: 'time', columns: ['cert_expires'], description: 'certificate expiry (cert.create)' },
  { name: 'warning', type: 'tags', columns: ['parse_warnings'], description: 'a normalizer warning, e.g. time.missing' },
  { name: 'role', type: 'tags', columns: ['roles'], description: 'a role granted or requested', aliases: ['roles'] },
];

const BY_NAME = new Map(QUERY_FIELDS.flatMap((f) => [f.name, ...(f.aliases ?? [])].map((n) => [n.toLowerCase(), f] as const)));

/** What one leaf asks of its field. Patterns are SQL LIKE patterns, already escaped. */
export type Match =
  | { kind: 'equals'; value: string }
  | { kind: 'pattern'; pattern: string; prefixOnly: boolean }
  | { kind: 'exists' }
  | { kind: 'compare'; op: Exclude<Comparison, 'eq'> | 'eq'; value: number | MicroTime }
  | { kind: 'cidr'; value: string };

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'field'; field: FieldSpec; match: Match }
  | { kind: 'raw'; path: string[]; match: Match }
  | { kind: 'text'; value: string };

export const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `a*b` as a LIKE pattern; prefixOnly when the only wildcard is a trailing one (a btree can serve it). */
function wildcard(value: string): Match {
  if (!value.includes('*')) return { kind: 'equals', value };
  if (/^\*+$/.test(value)) return { kind: 'exists' };
  const pattern = value.split('*').map(likeEscape).join('%');
  return { kind: 'pattern', pattern, prefixOnly: value.indexOf('*') === value.length - 1 };
}

const fail = (position: number, message: string, expected: string, hint: string | null = null) =>
  new QuerySyntaxError({ message: `${message} at position ${position}`, position, expected, hint });

function resolveValue(spec: FieldSpec, node: { op: Comparison; value: string; position: number; field: string }, now: Date): Match {
  const { op, value, position } = node;
  if (op === 'eq' && value === '*') return { kind: 'exists' };
  switch (spec.type) {
    case 'int': {
      if (!/^-?\d{1,18}$/.test(value) || !Number.isSafeInteger(Number(value))) throw fail(position, `${node.field} takes a whole number, not "${value}"`, 'an integer', `For example ${node.field}:0 or ${node.field}:>0`);
      return { kind: 'compare', op, value: Number(value) };
    }
    case 'time': {
      const instant = parseInstant(value, now);
      if (!instant) throw fail(position, `${node.field} takes a time, not "${value}"`, 'an RFC 3339 time or a relative one (-24h, now-7d)', `For example ${node.field}:>2026-01-01T00:00:00Z`);
      return { kind: 'compare', op, value: instant };
    }
    default:
      if (op !== 'eq') throw fail(position, `${node.field} cannot be compared with ${op === 'gt' ? '>' : op === 'gte' ? '>=' : op === 'lt' ? '<' : '<='}; only numbers and times can`, 'field:value', 'Use * as a wildcard in text values, e.g. command:*curl*');
  }
  switch (spec.type) {
    case 'bool':
      if (value !== 'true' && value !== 'false') throw fail(position, `${node.field} is true or false, not "${value}"`, 'true or false');
      return { kind: 'equals', value };
    case 'ip': {
      const [address, bits, extra] = value.split('/');
      const maxBits = address?.includes(':') ? 128 : 32;
      if (extra !== undefined || !address || !isStrictIpLiteral(address) || (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > maxBits))) {
        throw fail(position, `${node.field} takes an IP address or a CIDR block, not "${value}"`, 'an IP or CIDR', 'For example ip:10.0.0.0/8, ip:192.0.2.7 or ip:2001:db8::/32');
      }
      return bits === undefined ? { kind: 'equals', value: address } : { kind: 'cidr', value };
    }
    case 'source':
    case 'request':
    case 'tags':
      return { kind: 'equals', value };
    case 'code':
      return wildcard(value.toUpperCase());
    default:
      return wildcard(value);
  }
}

function resolveRaw(field: string, node: { op: Comparison; value: string; quoted: boolean; position: number }): Condition {
  const path = splitPath(field.slice('raw.'.length), node.position);
  if (node.op === 'eq') return { kind: 'raw', path, match: node.value === '*' ? { kind: 'exists' } : wildcard(node.value) };
  if (!/^-?\d{1,15}(\.\d{1,15})?$/.test(node.value)) {
    throw fail(node.position, `${field} can only be compared with a number, not "${node.value}"`, 'a number', 'Times are compared on their own fields: time, session_start, cert_expires');
  }
  return { kind: 'raw', path, match: { kind: 'compare', op: node.op, value: Number(node.value) } };
}

/** `a.b."c.d"` → ['a', 'b', 'c.d']: a key with dots of its own (addr.remote) is quoted. */
function splitPath(text: string, position: number): string[] {
  const parts: string[] = [];
  const re = /"((?:[^"\\]|\\.)+)"|([^.]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) parts.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  if (parts.length === 0 || parts.length > 16) throw fail(position, 'raw. needs a path into the event, e.g. raw.identity.user', 'raw.<key>[.<key>...]');
  return parts;
}

/**
 * Checks field names and values and gives each leaf its typed match. Unknown fields are refused with the
 * list of known ones, since a typo that silently matched nothing would look like "no such events".
 */
export function resolveQuery(node: QueryNode | null, { now }: { now: Date }): Condition | null {
  if (!node) return null;
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, items: node.items.map((item) => resolveQuery(item, { now })!) };
    case 'not':
      return { kind: 'not', item: resolveQuery(node.item, { now })! };
    case 'text':
      if (node.value.trim() === '') throw fail(node.position, 'Empty search text', 'some text');
      return { kind: 'text', value: node.value };
    case 'field': {
      const name = node.field.toLowerCase();
      if (name.startsWith('raw.')) return resolveRaw(node.field, node);
      const spec = BY_NAME.get(name);
      if (!spec) {
        const close = QUERY_FIELDS.filter((f) => f.name.startsWith(name.slice(0, 2))).map((f) => f.name).slice(0, 5);
        throw fail(node.position, `Unknown field "${node.field}"`, 'a known field', `${close.length > 0 ? `Did you mean ${close.join(', ')}? ` : ''}Fields: ${QUERY_FIELDS.map((f) => f.name).join(', ')}; raw.<path> for any key of the event`);
      }
      if (spec.type === 'source' && node.value !== '*' && !isUuid(node.value) && node.value.length > 200) throw fail(node.position, 'source takes a source id or name', 'a source id or name');
      // node: a server id is a UUID and a host name never is, so one column answers (an OR of two would use no index).
      const target = spec.name === 'node' && node.value !== '*' ? BY_NAME.get(isUuid(node.value) ? 'server_id' : 'server_hostname')! : spec;
      return { kind: 'field', field: target, match: resolveValue(target, { ...node, field: node.field }, now) };
    }
  }
}
