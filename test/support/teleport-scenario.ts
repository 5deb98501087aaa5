/**
 * Realistic Teleport audit traffic, shaped like the corpus events (field names, codes, nesting): interactive
 * SSH sessions (start, join, commands, file transfers, port forwards, data, leave, end, with `ei`), logins that
 * succeed and fail, access requests from creation through review and approval to the events and sessions done
 * under them, Kubernetes and database activity, certificates. Deterministic for a seed, so tests know the
 * answers and the search bench makes the same data every run.
 */
export type ScenarioEvent = Record<string, unknown> & { event: string; time: string; uid: string };

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** skewed towards the first items, as real user and host populations are */
    skewed: <T>(items: readonly T[]): T => items[Math.floor(items.length * next() ** 2.5)]!,
    /** n hex digits, eight per draw */
    hex: (n: number) => {
      let out = '';
      while (out.length < n) out += Math.floor(next() * 4_294_967_296).toString(16).padStart(8, '0');
      return out.slice(0, n);
    },
  };
}
export type Rng = ReturnType<typeof prng>;

export const uuidFrom = (rng: Rng) => `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;

/** RFC 3339 with nanoseconds, as Teleport writes them. */
export const teleportTime = (ms: number, extraNanos = 0) => `${new Date(ms).toISOString().slice(0, 23)}${String(extraNanos).padStart(6, '0')}Z`;

export type ScenarioOptions = {
  rng: Rng;
  cluster: string;
  users: readonly string[];
  nodes: readonly string[];
};

const COMMANDS = [['ls', '-la'], ['cat', '/etc/hosts'], ['systemctl', 'status', 'nginx'], ['journalctl', '-u', 'app'], ['curl', '-s', 'http://localhost:8080/health'], ['df', '-h'], ['sudo', 'apt-get', 'update'], ['grep', '-r', 'error', '/var/log'], ['kubectl', 'get', 'pods'], ['psql', '-c', 'select 1']];

function base(o: ScenarioOptions, event: string, code: string, ms: number, extra: Record<string, unknown>): ScenarioEvent {
  return { event, code, time: teleportTime(ms, o.rng.int(1_000_000)), uid: uuidFrom(o.rng), cluster_name: o.cluster, ...extra };
}

/**
 * One SSH session: start, optional joiner, commands (exec and BPF session.command), maybe an sftp upload
 * and a port forward, session.data, leaves, end. Each event carries the session's ei in order.
 */
export function sshSession(o: ScenarioOptions, { startMs, user, node, login, commands, requestId = null, joiner = null, withEnd = true, dropIndex = null }: {
  startMs: number; user: string; node: string; login: string; commands: number; requestId?: string | null; joiner?: string | null; withEnd?: boolean; dropIndex?: number | null;
}): ScenarioEvent[] {
  const sid = uuidFrom(o.rng);
  const serverId = `srv-${node}`;
  const ip = `10.${o.rng.int(4)}.${o.rng.int(250)}.${1 + o.rng.int(250)}`;
  const meta = { sid, server_id: serverId, server_hostname: node, login, namespace: 'default', ...(requestId ? { access_requests: [requestId] } : {}) };
  let ei = 0;
  let t = startMs;
  const out: ScenarioEvent[] = [];
  const push = (event: string, code: string, extra: Record<string, unknown>) => {
    out.push(base(o, event, code, t, { ...meta, ei: ei++, ...extra }));
    t += 500 + o.rng.int(20_000);
  };
  push('session.start', 'T2000I', { user, 'addr.remote': `${ip}:${40000 + o.rng.int(20000)}`, 'addr.local': `${node}:3022`, proto: 'ssh', size: '80:24', session_recording: 'node', interactive: true });
  if (joiner) push('session.join', 'T2001I', { user: joiner, participant_mode: 'observer', 'addr.remote': `10.9.0.${1 + o.rng.int(200)}:51000` });
  for (let i = 0; i < commands; i++) {
    const [program, ...argv] = o.rng.pick(COMMANDS);
    const exitCode = o.rng.next() < 0.15 ? 1 + o.rng.int(2) : 0;
    push('exec', exitCode === 0 ? 'T3002I' : 'T3002E', { user, command: [program, ...argv].join(' '), exitCode: String(exitCode) });
    push('session.command', 'T4000I', { user, program: `/usr/bin/${program}`, path: `/usr/bin/${program}`, argv, return_code: exitCode, pid: 1000 + o.rng.int(30000), ppid: 1, cgroup_id: 4294967000 + o.rng.int(1000) });
  }
  if (o.rng.next() < 0.3) push('sftp', 'TS009I', { user, path: `/home/${login}/upload-${o.rng.int(100)}.tar.gz`, action: 9, working_directory: `/home/${login}` });
  if (o.rng.next() < 0.15) push('port', 'T3003I', { user, addr: `localhost:${5432 + o.rng.int(10)}` });
  out.push(base(o, 'session.data', 'T2006I', t, { ...meta, ei: 2_147_483_646, user, tx: 1000 + o.rng.int(90000), rx: 500 + o.rng.int(50000) }));
  if (joiner) push('session.leave', 'T2003I', { user: joiner });
  if (withEnd) {
    push('session.end', 'T2004I', { user, participants: joiner ? [user, joiner] : [user], session_start: teleportTime(startMs), session_stop: teleportTime(t), enhanced_recording: true, interactive: true });
  }
  return dropIndex === null ? out : out.filter((e) => e.ei !== dropIndex);
}

export function login(o: ScenarioOptions, { ms, user, success, ip }: { ms: number; user: string; success: boolean; ip: string }): ScenarioEvent {
  return base(o, 'user.login', success ? 'T1000I' : 'T1000W', ms, {
    user, method: 'local', success, 'addr.remote': `${ip}:${30000 + o.rng.int(30000)}`, user_agent: 'tsh/16.4.0',
    ...(success ? { mfa_device: { mfa_device_name: 'yubikey', mfa_device_uuid: uuidFrom(o.rng), mfa_device_type: 'WebAuthn' } } : { error: 'invalid username, password or second factor' }),
  });
}

/**
 * An access request's life: created by `user` for `roles`, reviewed and approved (by `reviewer`, or by the
 * requester themself), and optionally expired.
 */
export function accessRequestLife(o: ScenarioOptions, { ms, requestId, user, reviewer, roles, expire }: { ms: number; requestId: string; user: string; reviewer: string; roles: string[]; expire: boolean }): ScenarioEvent[] {
  const expires = teleportTime(ms + 8 * 3_600_000);
  const events = [
    base(o, 'access_request.create', 'T5000I', ms, { id: requestId, user, roles, state: 'PENDING', reason: 'incident response', expires, max_duration: expires }),
    base(o, 'access_request.review', 'T5002I', ms + 60_000, { id: requestId, reviewer, proposed_state: 'APPROVED', reason: 'ok', state: 'APPROVED' }),
    base(o, 'access_request.update', 'T5001I', ms + 61_000, { id: requestId, state: 'APPROVED', updated_by: reviewer, roles }),
  ];
  if (expire) events.push(base(o, 'access_request.expire', 'T5005I', ms + 8 * 3_600_000, { id: requestId }));
  return events;
}

export function kubeRequest(o: ScenarioOptions, { ms, user, kubeCluster, verb, requestId = null }: { ms: number; user: string; kubeCluster: string; verb: string; requestId?: string | null }): ScenarioEvent {
  return base(o, 'kube.request', 'T3009I', ms, {
    user, kubernetes_cluster: kubeCluster, verb, request_path: `/api/v1/namespaces/prod/pods/web-${o.rng.int(9)}`, resource_kind: 'pods', resource_namespace: 'prod', resource_name: `web-${o.rng.int(9)}`,
    response_code: verb === 'delete' ? 403 : 200, 'addr.remote': `10.20.${o.rng.int(250)}.${o.rng.int(250)}:44321`, kubernetes_users: [user], kubernetes_groups: ['system:masters'],
    ...(requestId ? { access_requests: [requestId] } : {}),
  });
}

export function dbQuery(o: ScenarioOptions, { ms, user, db, statement }: { ms: number; user: string; db: string; statement: string }): ScenarioEvent {
  return base(o, 'db.session.query', 'TDB02I', ms, { user, db_service: db, db_protocol: 'postgres', db_name: 'app', db_user: 'readonly', db_query: statement, sid: uuidFrom(o.rng), success: true });
}

export function certCreate(o: ScenarioOptions, { ms, user, ttlHours }: { ms: number; user: string; ttlHours: number }): ScenarioEvent {
  return base(o, 'cert.create', 'TC000I', ms, { cert_type: 'user', identity: { user, roles: ['access', 'editor'], logins: ['root', user], expires: teleportTime(ms + ttlHours * 3_600_000), client_ip: `10.1.${o.rng.int(250)}.${o.rng.int(250)}`, teleport_cluster: o.cluster } });
}
