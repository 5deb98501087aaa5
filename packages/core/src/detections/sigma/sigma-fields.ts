import type { Severity } from '../rules/rule-schema.js';

/**
 * Search fields and the Teleport JSON keys they read (Sigma rules for Teleport name Teleport's keys). A
 * field reading several keys exports as an OR over them; on import a key maps to the field listing it,
 * and any other key to raw.<key>. `user` is the actor chain; Sigma's `user` is the event's own key, so it
 * imports as user_name. Fields no Teleport key holds (ip, local_ip: addr.remote carries a port) do not
 * export; a cidr on addr.remote or addr.local imports as ip or local_ip.
 */
export const FIELD_KEYS: Record<string, readonly string[]> = {
  event: ['event'],
  code: ['code'],
  // Rules refuse time: (rule-query.ts); mapping it makes an imported time condition say so.
  time: ['time'],
  user: ['user', 'user.user', 'identity.user', 'user_name', 'bot_name', 'reviewer', 'updated_by'],
  user_name: ['user'],
  login: ['login'],
  impersonator: ['impersonator', 'identity.impersonator'],
  cluster: ['cluster_name'],
  node: ['server_hostname', 'server_id'],
  server_hostname: ['server_hostname'],
  server_id: ['server_id'],
  server_addr: ['server_addr'],
  sid: ['sid'],
  remote_addr: ['addr.remote'],
  success: ['success'],
  access_request: ['id', 'access_requests'],
  request_state: ['state'],
  kube_cluster: ['kubernetes_cluster'],
  kube_verb: ['verb'],
  db: ['db_service', 'db_name'],
  db_user: ['db_user'],
  db_query: ['db_query'],
  app: ['app_name'],
  command: ['command'],
  program: ['program'],
  path: ['path'],
  exit_code: ['exitCode', 'return_code'],
  method: ['method'],
  mfa_device: ['mfa_device.mfa_device_uuid', 'mfa_device_uuid', 'with_mfa', 'identity.mfa_device_uuid'],
  resource: ['name'],
  updated_by: ['updated_by'],
  cert_type: ['cert_type'],
  error: ['error'],
  message: ['message'],
  protocol: ['proto'],
  user_agent: ['user_agent'],
  desktop: ['desktop_addr'],
  windows_user: ['windows_user'],
  aws_role: ['aws_role_arn'],
  user_kind: ['user_kind'],
  ei: ['ei'],
  response_code: ['response_code'],
  tx_bytes: ['tx'],
  rx_bytes: ['rx'],
  uid: ['uid'],
  session_start: ['session_start'],
  session_stop: ['session_stop'],
  cert_expires: ['identity.expires'],
  role: ['roles'],
};

/** Teleport key → search field, for import: the first field (in FIELD_KEYS order) that reads only that key. */
export const KEY_FIELD: ReadonlyMap<string, string> = new Map(
  Object.entries(FIELD_KEYS).filter(([field, keys]) => keys.length === 1 && field !== 'user').map(([field, keys]) => [keys[0]!, field] as const).reverse(),
);

/** Keys that are one literal key containing a dot (Teleport's ConnectionMetadata), not a path. */
export const DOTTED_KEYS = new Set(['addr.remote', 'addr.local']);

export const SEVERITY_LEVEL: Record<Severity, string> = { info: 'informational', low: 'low', medium: 'medium', high: 'high', critical: 'critical' };
export const LEVEL_SEVERITY: Record<string, Severity> = { informational: 'info', low: 'low', medium: 'medium', high: 'high', critical: 'critical' };

/** ATT&CK enterprise tactics: Sigma tags them by name (attack.privilege_escalation), rules by id. */
export const TACTICS: Record<string, string> = {
  TA0043: 'reconnaissance', TA0042: 'resource_development', TA0001: 'initial_access', TA0002: 'execution',
  TA0003: 'persistence', TA0004: 'privilege_escalation', TA0005: 'defense_evasion', TA0006: 'credential_access',
  TA0007: 'discovery', TA0008: 'lateral_movement', TA0009: 'collection', TA0011: 'command_and_control',
  TA0010: 'exfiltration', TA0040: 'impact',
};
