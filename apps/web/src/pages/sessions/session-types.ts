// Response shapes of apps/api/src/modules/sessions/sessions.routes.ts (and packages/core session-view.ts).

type S = string | null;

export type SessionStatus = 'complete' | 'incomplete' | 'open' | 'abandoned';

export type SessionSummary = {
  sessionId: string;
  kind: string;
  start: string;
  end: S;
  lastEventAt: string;
  durationSeconds: number | null;
  initiator: S;
  participants: string[];
  login: S;
  node: S;
  serverId: S;
  cluster: S;
  kubernetesCluster: S;
  db: S;
  app: S;
  desktop: S;
  eventCount: number;
  status: SessionStatus | string;
  completeness: { hasEnd: boolean; highestIndex: number | null; missingIndices: number };
};

export type SessionList = { data: SessionSummary[]; nextCursor: S; range: { from: S; to: S } };

export type Participant = { user: string; joinedAt: S; leftAt: S; mode: S };
export type Command = { time: string; eventId: string; type: string; command: S; program: S; argv: string[] | null; exitCode: number | null; success: boolean | null };
export type FileTransfer = { time: string; eventId: string; type: string; path: S; action: S; success: boolean | null; error: S };
export type PortForward = { time: string; eventId: string; address: S; code: S };
export type SessionEventRow = {
  id: string; time: string; type: string; code: S; eventIndex: number | null; actor: S; login: S; command: S; program: S;
  argv: string[] | null; exitCode: number | null; path: S; success: boolean | null; error: S; txBytes: number | null; rxBytes: number | null;
  accessRequests: string[] | null;
};

export type SessionDetail = {
  session: SessionSummary;
  participants: Participant[];
  commands: Command[];
  fileTransfers: FileTransfer[];
  portForwards: PortForward[];
  dataTransferred: { txBytes: number; rxBytes: number };
  accessRequests: string[];
  moderated: boolean;
  started: { time: string; eventId: string } | null;
  ended: { time: string; eventId: string; sessionStart: S; sessionStop: S; interactive: boolean | null } | null;
  completeness: { highestIndex: number | null; indexedEvents: number; missingIndices: number; missingRanges: [number, number][]; hasEnd: boolean };
  events: SessionEventRow[];
  truncated: boolean;
};

/** The session query language's fields (packages/core/src/sessions/session-query.ts); no API lists them. */
export const SESSION_QUERY_FIELDS = [
  { name: 'user', aliases: [], type: 'text', description: 'whoever started or joined the session' },
  { name: 'initiator', aliases: [], type: 'text', description: 'who started the session' },
  { name: 'login', aliases: [], type: 'text', description: 'OS or database login, e.g. root' },
  { name: 'node', aliases: [], type: 'text', description: 'node host name or server id; node:prod-*' },
  { name: 'cluster', aliases: [], type: 'text', description: 'Teleport cluster' },
  { name: 'kube_cluster', aliases: [], type: 'text', description: 'Kubernetes cluster' },
  { name: 'db', aliases: [], type: 'text', description: 'database service' },
  { name: 'app', aliases: [], type: 'text', description: 'application' },
  { name: 'desktop', aliases: [], type: 'text', description: 'Windows desktop address' },
  { name: 'sid', aliases: [], type: 'text', description: 'session id' },
  { name: 'complete', aliases: [], type: 'bool', description: 'false: an event is missing or there is no end' },
  { name: 'status', aliases: [], type: 'text', description: 'complete, incomplete, open or abandoned' },
];
