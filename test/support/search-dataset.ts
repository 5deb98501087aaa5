import type { FastifyInstance } from 'fastify';
import type { TestApp } from './app.js';
import { accessRequestLife, certCreate, dbQuery, kubeRequest, login, prng, sshSession, type ScenarioEvent, type ScenarioOptions } from './teleport-scenario.js';

const HOUR = 3_600_000;
/** "Last night", as the README's example question means it: 18:00 on 2026-05-31 to 06:00 on 2026-06-01 UTC. */
export const LAST_NIGHT = { from: '2026-05-31T18:00:00Z', to: '2026-06-01T06:00:00Z' };
const night = Date.parse(LAST_NIGHT.from);

export type SearchDataset = {
  prod: ScenarioEvent[];
  staging: ScenarioEvent[];
  /** session ids by role in the scenario */
  sessions: { aliceProdLastNight: string[]; gap: string; open: string; abandoned: string; underRequest: string[]; joined: string };
  requests: { approved: string; selfApproved: string };
};

/** A known dataset: the answers to the README's example questions are computed from it, not hard-coded. */
export function searchDataset(): SearchDataset {
  const rng = prng(20260601);
  const prodOpts: ScenarioOptions = { rng, cluster: 'prod.example.com', users: ['alice', 'bob', 'carol', 'dave', 'erin'], nodes: ['prod-web-1', 'prod-web-2', 'prod-db-1'] };
  const stagingOpts: ScenarioOptions = { ...prodOpts, cluster: 'staging.example.com', nodes: ['stg-web-1'] };
  const prod: ScenarioEvent[] = [];
  const staging: ScenarioEvent[] = [];
  const sidOf = (events: ScenarioEvent[]) => events[0]!.sid as string;

  const aliceProdLastNight: string[] = [];
  for (const [hour, node, login] of [[2, 'prod-web-1', 'root'], [5, 'prod-web-2', 'ubuntu'], [8, 'prod-db-1', 'root']] as const) {
    const s = sshSession(prodOpts, { startMs: night + hour * HOUR, user: 'alice', node, login, commands: 3 });
    aliceProdLastNight.push(sidOf(s));
    prod.push(...s);
  }
  prod.push(...sshSession(prodOpts, { startMs: night - 48 * HOUR, user: 'alice', node: 'prod-web-1', login: 'root', commands: 2 }));
  staging.push(...sshSession(stagingOpts, { startMs: night + 3 * HOUR, user: 'alice', node: 'stg-web-1', login: 'root', commands: 2 }));
  const joinedSession = sshSession(prodOpts, { startMs: night + 4 * HOUR, user: 'bob', node: 'prod-web-2', login: 'bob', commands: 4, joiner: 'carol' });
  prod.push(...joinedSession, ...sshSession(prodOpts, { startMs: night + 9 * HOUR, user: 'bob', node: 'prod-web-1', login: 'root', commands: 1 }));

  const gap = sshSession(prodOpts, { startMs: night + 6 * HOUR, user: 'carol', node: 'prod-web-1', login: 'carol', commands: 3, dropIndex: 3 });
  const open = sshSession(prodOpts, { startMs: Date.now() - HOUR, user: 'carol', node: 'prod-web-2', login: 'carol', commands: 1, withEnd: false });
  const abandoned = sshSession(prodOpts, { startMs: night - 72 * HOUR, user: 'bob', node: 'prod-db-1', login: 'postgres', commands: 1, withEnd: false });
  prod.push(...gap, ...open, ...abandoned);

  for (const [ip, failures] of [['203.0.113.5', 4], ['198.51.100.7', 2], ['192.0.2.44', 1]] as const) {
    for (let i = 0; i < failures; i++) prod.push(login(prodOpts, { ms: night + i * 600_000, user: rng.pick(['alice', 'bob', 'mallory']), success: false, ip }));
  }
  for (let i = 0; i < 6; i++) prod.push(login(prodOpts, { ms: night + i * HOUR, user: rng.pick(['alice', 'bob', 'carol']), success: true, ip: `10.0.0.${10 + i}` }));

  const approved = 'a1b2c3d4-0000-4000-8000-000000000001';
  const selfApproved = 'a1b2c3d4-0000-4000-8000-000000000002';
  prod.push(...accessRequestLife(prodOpts, { ms: night + HOUR, requestId: approved, user: 'dave', reviewer: 'erin', roles: ['admin'], expire: true }));
  prod.push(...accessRequestLife(prodOpts, { ms: night + 2 * HOUR, requestId: selfApproved, user: 'dave', reviewer: 'dave', roles: ['db-admin'], expire: false }));
  const underRequest = [
    sshSession(prodOpts, { startMs: night + HOUR + 5 * 60_000, user: 'dave', node: 'prod-db-1', login: 'root', commands: 2, requestId: approved }),
    sshSession(prodOpts, { startMs: night + 3 * HOUR, user: 'dave', node: 'prod-web-1', login: 'root', commands: 1, requestId: approved }),
  ];
  prod.push(...underRequest.flat());
  for (let i = 0; i < 3; i++) prod.push(kubeRequest(prodOpts, { ms: night + HOUR + (10 + i) * 60_000, user: 'dave', kubeCluster: 'prod-eks', verb: i === 2 ? 'delete' : 'get', requestId: approved }));
  prod.push(kubeRequest(prodOpts, { ms: night + 7 * HOUR, user: 'bob', kubeCluster: 'prod-eks', verb: 'get' }));
  prod.push(dbQuery(prodOpts, { ms: night + 5 * HOUR, user: 'erin', db: 'orders-db', statement: 'DELETE FROM orders' }));
  prod.push(certCreate(prodOpts, { ms: night + HOUR, user: 'alice', ttlHours: 12 }));

  return {
    prod, staging,
    sessions: { aliceProdLastNight, gap: sidOf(gap), open: sidOf(open), abandoned: sidOf(abandoned), underRequest: underRequest.map(sidOf), joined: sidOf(joinedSession) },
    requests: { approved, selfApproved },
  };
}

/** Posts events as Fluent Bit would (NDJSON batches) to a webhook source and checks every one was stored. */
export async function postEvents(app: FastifyInstance, token: string, events: ScenarioEvent[], batch = 500): Promise<void> {
  for (let i = 0; i < events.length; i += batch) {
    const body = events.slice(i, i + batch).map((e) => JSON.stringify(e)).join('\n');
    const res = await app.inject({ method: 'POST', url: `/v1/ingest/teleport/${token}?verbose=1`, payload: body, headers: { 'content-type': 'application/x-ndjson' } });
    if (res.statusCode !== 200 || res.json().quarantined !== 0) throw new Error(`ingest answered ${res.statusCode} ${res.body}`);
  }
}

/** The dataset posted to two webhook sources of the tenant, prod-fleet and staging-fleet; their ids by name. */
export async function seedFleets(t: TestApp): Promise<{ data: SearchDataset; all: ScenarioEvent[]; sources: Record<string, string> }> {
  const data = searchDataset();
  const sources: Record<string, string> = {};
  for (const [name, events] of [['prod-fleet', data.prod], ['staging-fleet', data.staging]] as const) {
    const res = (await t.tenant.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name } })).json();
    sources[name] = res.source.id;
    await postEvents(t.app, res.webhook.token, events);
  }
  return { data, all: [...data.prod, ...data.staging], sources };
}
