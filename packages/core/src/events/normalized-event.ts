import type { MicroTime } from '../time/micro-time.js';

/**
 * One Teleport audit event mapped onto the columns of `teleport_audit_events`
 * (see shared/reference/event-schema.md §4.1). Produced by `normalizeEvent`, consumed by the
 * events repository. Every optional column is `null` when the event does not carry it:
 * NULL is a legitimate answer ("unknown"), never a guess.
 */
export type NormalizedEvent = {
  dedupKey: string;
  /** to the microsecond, as stored (micro-time.ts) */
  eventTime: MicroTime;
  /** true when `time` was missing or unusable and `eventTime` is the received time (false for a forwarder's `date`) */
  timeFromReceivedAt: boolean;
  receivedAt: Date;
  uid: string | null;
  eventType: string;
  eventCode: string | null;
  eventIndex: number | null;
  clusterName: string | null;
  success: boolean | null;
  error: string | null;
  message: string | null;
  actor: string | null;
  /** which JSON path filled `actor`, e.g. `user`, `user.user`, `identity.user` */
  actorPath: string | null;
  userName: string | null;
  login: string | null;
  impersonator: string | null;
  userKind: number | null;
  userRoles: string[] | null;
  roles: string[] | null;
  method: string | null;
  mfaDeviceUuid: string | null;
  sessionId: string | null;
  serverId: string | null;
  serverHostname: string | null;
  serverAddr: string | null;
  namespace: string | null;
  remoteAddr: string | null;
  remoteIp: string | null;
  remotePort: number | null;
  localAddr: string | null;
  localIp: string | null;
  localPort: number | null;
  protocol: string | null;
  userAgent: string | null;
  resourceName: string | null;
  updatedBy: string | null;
  requestId: string | null;
  requestState: string | null;
  certType: string | null;
  certExpires: MicroTime | null;
  command: string | null;
  program: string | null;
  path: string | null;
  argv: string[] | null;
  exitCode: number | null;
  kubernetesCluster: string | null;
  kubeVerb: string | null;
  kubeRequestPath: string | null;
  kubeResource: string | null;
  responseCode: number | null;
  dbService: string | null;
  dbProtocol: string | null;
  dbName: string | null;
  dbUser: string | null;
  dbQuery: string | null;
  appName: string | null;
  awsRoleArn: string | null;
  desktopAddr: string | null;
  windowsUser: string | null;
  sessionStart: MicroTime | null;
  sessionStop: MicroTime | null;
  txBytes: number | null;
  rxBytes: number | null;
  labels: Record<string, unknown> | null;
  /** one entry per coercion or fallback the normalizer applied, e.g. `time.missing` */
  parseWarnings: string[];
  /** the event exactly as received (parsed JSON object) */
  raw: Record<string, unknown>;
  /** ids of the access requests the actor's certificate carried (user metadata `access_requests`) */
  accessRequests: string[] | null;
  /** every string of the event, lower-cased, for free-text search (search-text.ts) */
  searchText: string | null;
};

export type NormalizeContext = {
  receivedAt: Date;
  /**
   * The event's time as its container states it, used when the record has no usable `time`: the
   * `event_time` column of Teleport's Parquet, or the time column of a Fluentd out_file line.
   */
  containerTime?: Date | null;
  /** the source's configured cluster, last in the cluster_name fallback chain */
  defaultClusterName?: string | null;
  /**
   * Keys of the record that a forwarder added (ingest's `forwarderKeys`, teleport-wire.md §7.2 step 3):
   * ignored by field extraction and the content hash, kept in `raw`. Fluent Bit's `date` listed here
   * is also the event-time fallback before `receivedAt`.
   */
  forwarderKeys?: readonly string[];
  /**
   * The session a request's URL names (the Event Handler posts session streams to `<url>.<sid>.log`), for
   * session-stream events that carry no `sid` of their own, such as `print`.
   */
  sessionIdHint?: string | null;
};
