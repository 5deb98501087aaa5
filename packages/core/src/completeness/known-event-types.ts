/**
 * The Teleport audit event types this service knows (the `event` field). An event of any other type is still
 * stored as it came, but the completeness monitor reports it: the cluster runs a newer Teleport than this list,
 * or something else writes into its audit log.
 *
 * Where the strings come from:
 * - gravitational/teleport lib/events/api.go at commit ee2dd1aeca88f979c4d4cfe8903388b57d91fcbd (the event
 *   name constants, up to workload_identity_x509_revocation.*);
 * - the Audit Event Reference, docs/pages/reference/audit-events.mdx at commit 0044e66884b1 (newer types:
 *   MCP, SCIM, auto-update rollouts, health checks, Sigstore, VNet…), as sampled in /work/shared/corpus/events
 *   (teleport-docs-reference, teleport-docs-placeholders) plus the three it documents that no sample carries;
 * - names older clusters still send: bot_token.create (api.go before it was dropped), and session.open and
 *   session.exec (the 2019 BPF names of the webapps session-stream fixture).
 *
 * `unknown` is deliberately absent: Teleport emits it for an event its own auth server could not decode
 * (lib/events/dynamic.go), which is version skew inside the cluster and worth the same report.
 */
const FROM_API_GO = [
  'print', 'session.start', 'session.end', 'session.upload', 'session.join', 'session.leave', 'session.data',
  'client.disconnect', 'user.login', 'user.update', 'user.delete', 'user.create', 'user.password_change',
  'access_request.create', 'access_request.update', 'access_request.review', 'access_request.delete',
  'access_request.search', 'billing.create_card', 'billing.delete_card', 'billing.update_card',
  'billing.update_info', 'recovery_token.create', 'reset_password_token.create', 'privilege_token.create', 'exec',
  'subsystem', 'x11-forward', 'port', 'port.local', 'port.remote', 'port.remote_conn', 'auth', 'scp', 'sftp',
  'resize', 'session.command', 'session.disk', 'session.network', 'role.created', 'role.updated', 'role.deleted',
  'trusted_cluster.create', 'trusted_cluster.delete', 'trusted_cluster_token.create', 'join_token.create',
  'github.created', 'github.updated', 'github.deleted', 'oidc.created', 'oidc.updated', 'oidc.deleted',
  'saml.created', 'saml.updated', 'saml.deleted', 'session.rejected', 'session.connect', 'app.create', 'app.update',
  'app.delete', 'app.session.start', 'app.session.end', 'app.session.chunk', 'app.session.request',
  'app.session.dynamodb.request', 'db.create', 'db.update', 'db.delete', 'db.session.start',
  'db.session.user.create', 'db.session.user.deactivate', 'db.session.permissions.update', 'db.session.end',
  'db.session.query', 'db.session.query.failed', 'db.session.result', 'db.session.postgres.statements.parse',
  'db.session.postgres.statements.bind', 'db.session.postgres.statements.execute',
  'db.session.postgres.statements.close', 'db.session.postgres.function', 'db.session.mysql.statements.prepare',
  'db.session.mysql.statements.execute', 'db.session.mysql.statements.send_long_data',
  'db.session.mysql.statements.close', 'db.session.mysql.statements.reset', 'db.session.mysql.statements.fetch',
  'db.session.mysql.statements.bulk_execute', 'db.session.mysql.init_db', 'db.session.mysql.create_db',
  'db.session.mysql.drop_db', 'db.session.mysql.shut_down', 'db.session.mysql.process_kill',
  'db.session.mysql.debug', 'db.session.mysql.refresh', 'db.session.sqlserver.rpc_request',
  'db.session.elasticsearch.request', 'db.session.opensearch.request', 'db.session.dynamodb.request',
  'db.session.malformed_packet', 'db.session.cassandra.batch', 'db.session.cassandra.prepare',
  'db.session.cassandra.execute', 'db.session.cassandra.register', 'db.session.spanner.rpc', 'kube.request',
  'kube.create', 'kube.update', 'kube.delete', 'mfa.add', 'mfa.delete', 'lock.created', 'lock.deleted',
  'recovery_code.generated', 'recovery_code.used', 'windows.desktop.session.start', 'windows.desktop.session.end',
  'cert.create', 'cert.generation_mismatch', 'desktop.recording', 'desktop.clipboard.receive',
  'desktop.clipboard.send', 'desktop.directory.share', 'desktop.directory.read', 'desktop.directory.write',
  'upgradewindowstart.update', 'session.recording.access', 'ssm.run', 'device', 'device.create', 'device.delete',
  'device.update', 'device.enroll', 'device.authenticate', 'device.token.create', 'device.webtoken.create',
  'device.authenticate.confirm', 'bot.join', 'bot.create', 'bot.update', 'bot.delete', 'instance.join',
  'login_rule.create', 'login_rule.delete', 'saml.idp.auth', 'saml.idp.service.provider.create',
  'saml.idp.service.provider.update', 'saml.idp.service.provider.delete', 'saml.idp.service.provider.delete_all',
  'okta.groups.update', 'okta.applications.update', 'okta.sync.failure', 'okta.assignment.process',
  'okta.assignment.cleanup', 'okta.access_list.sync', 'okta.user.sync', 'access_list.create', 'access_list.update',
  'access_list.delete', 'access_list.review', 'access_list.member.create', 'access_list.member.update',
  'access_list.member.delete', 'access_list.member.delete_all_for_access_list', 'user_login.invalid_access_list',
  'secreports.audit.query.run', 'secreports.report.run', 'external_audit_storage.enable',
  'external_audit_storage.disable', 'mfa_auth_challenge.create', 'mfa_auth_challenge.validate', 'spiffe.svid.issued',
  'spiffe.federation.create', 'spiffe.federation.delete', 'auth_preference.update',
  'cluster_networking_config.update', 'session_recording_config.update', 'access_graph_settings.update',
  'access_graph.access_path_changed', 'discovery_config.create', 'discovery_config.update',
  'discovery_config.delete', 'discovery_config.delete_all', 'integration.create', 'integration.update',
  'integration.delete', 'plugin.create', 'plugin.update', 'plugin.delete', 'static_host_user.create',
  'static_host_user.update', 'static_host_user.delete', 'access_graph.crown_jewel.create',
  'access_graph.crown_jewel.update', 'access_graph.crown_jewel.delete', 'user_task.create', 'user_task.update',
  'user_task.delete', 'auto_update_config.create', 'auto_update_config.update', 'auto_update_config.delete',
  'auto_update_version.create', 'auto_update_version.update', 'auto_update_version.delete',
  'workload_identity.create', 'workload_identity.update', 'workload_identity.delete', 'contact.create',
  'contact.delete', 'workload_identity_x509_revocation.create', 'workload_identity_x509_revocation.update',
  'workload_identity_x509_revocation.delete',
] as const;

const FROM_AUDIT_EVENT_REFERENCE = [
  'access_graph.path.changed', 'access_list.member.add', 'access_list.member.delete_all_members',
  'access_request.expire', 'auto_update_agent_rollout.force_done', 'auto_update_agent_rollout.rollback',
  'auto_update_agent_rollout.trigger', 'aws_identity_center.resource_sync.failed',
  'aws_identity_center.resource_sync.success', 'cir.update', 'device.token.spent', 'git.command',
  'health_check_config.create', 'health_check_config.delete', 'health_check_config.update',
  'join_token.bound_keypair.join_state_verification_failed', 'join_token.bound_keypair.recovery',
  'join_token.bound_keypair.rotation', 'mcp.session.end', 'mcp.session.invalid_http_request',
  'mcp.session.listen_sse_stream', 'mcp.session.notification', 'mcp.session.request', 'mcp.session.start',
  'scim.create', 'scim.delete', 'scim.get', 'scim.list', 'scim.patch', 'scim.update', 'session.process_exit',
  'sftp_summary', 'sigstore_policy.create', 'sigstore_policy.delete', 'sigstore_policy.update',
  'stable_unix_user.create', 'vnet.config.create', 'vnet.config.delete', 'vnet.config.update',
  'workload_identity_x509_issuer_override.create', 'workload_identity_x509_issuer_override.delete',
] as const;

const LEGACY = ['bot_token.create', 'session.open', 'session.exec'] as const;

export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set<string>([...FROM_API_GO, ...FROM_AUDIT_EVENT_REFERENCE, ...LEGACY]);

/** Exact match: Teleport types are lower-case and the normalizer stores them as sent. */
export const isKnownEventType = (type: string): boolean => KNOWN_EVENT_TYPES.has(type);
