import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUserWithPassword } from '@tai/api';
import type { LightMyRequestResponse } from 'fastify';
import { setupApp, type TestApp } from './support/app.js';

// Dashboard users: password sign-in, cookie sessions with CSRF tokens, roles, invites, disabling, limits.
let t: TestApp;
const ADMIN = { email: 'Root@Example.test', password: 'correct horse battery staple' };

type Browser = { cookie: string; csrf: string; call: (opts: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object; csrf?: string | null }) => Promise<LightMyRequestResponse> };

function cookieOf(res: LightMyRequestResponse): string {
  const header = String(res.headers['set-cookie'] ?? '');
  return header.split(';')[0]!;
}

async function signIn(email: string, password: string, remoteAddress = '10.0.0.1'): Promise<Browser> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password }, remoteAddress });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = cookieOf(res);
  const csrf = res.json().csrfToken as string;
  return {
    cookie, csrf,
    call: ({ method, url, payload, csrf: token = csrf }) => t.app.inject({
      method, url, ...(payload ? { payload } : {}),
      headers: { cookie, ...(token ? { 'x-csrf-token': token } : {}) },
    }),
  };
}

before(async () => {
  t = await setupApp();
  await createUserWithPassword(t.db.repos, { tenantId: t.tenant.tenantId, email: ADMIN.email, role: 'admin', password: ADMIN.password });
});
after(() => t.close());

test('signing in sets an HttpOnly, SameSite, Secure (behind https) session cookie and returns the user and a CSRF token', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'root@example.TEST', password: ADMIN.password } });
  assert.equal(res.statusCode, 200);
  const setCookie = String(res.headers['set-cookie']);
  assert.match(setCookie, /^tai_session=tai_us_\w+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure$/);
  const body = res.json();
  assert.equal(body.user.email, 'root@example.test');
  assert.equal(body.user.role, 'admin');
  assert.equal(body.user.tenantId, t.tenant.tenantId);
  assert.equal(body.user.tenantName, 'tenant-a');
  assert.match(body.csrfToken, /^[0-9a-f]{64}$/);

  const session = await t.app.inject({ method: 'GET', url: '/v1/auth/session', headers: { cookie: cookieOf(res) } });
  assert.equal(session.statusCode, 200);
  assert.equal(session.json().csrfToken, body.csrfToken);
  const signedOut = await t.app.inject({ method: 'GET', url: '/v1/auth/session' });
  assert.deepEqual([signedOut.statusCode, signedOut.json()], [200, { user: null, csrfToken: null, expiresAt: null }]);
});

test('the cookie reaches the same routes as an API key; a change needs the session\'s CSRF token', async () => {
  const browser = await signIn(ADMIN.email, ADMIN.password);
  assert.equal((await browser.call({ method: 'GET', url: '/v1/sources', csrf: null })).statusCode, 200, 'reads need no CSRF token');

  const missing = await browser.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'x' }, csrf: null });
  assert.equal(missing.statusCode, 403);
  assert.equal(missing.json().error.code, 'auth.csrf');
  const other = await signIn(ADMIN.email, ADMIN.password);
  const wrong = await browser.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'x' }, csrf: other.csrf });
  assert.equal(wrong.statusCode, 403, 'another session\'s token does not do');
  const created = await browser.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'from-the-dashboard' } });
  assert.equal(created.statusCode, 201);

  const me = await browser.call({ method: 'GET', url: '/v1/me' });
  assert.deepEqual({ role: me.json().role, apiKey: me.json().apiKey, email: me.json().user.email }, { role: 'admin', apiKey: null, email: 'root@example.test' });

  const log = await t.tenant.call({ method: 'GET', url: '/v1/audit-log' });
  const entry = log.json().data.find((e: { action: string; target: { id: string } }) => e.action === 'source.create' && e.target.id === created.json().source.id);
  assert.equal(entry.actor.email, 'root@example.test');
  assert.equal(entry.actor.keyId, null);
});

test('a Bearer key is used even when a cookie is sent too, and a state change by key needs no CSRF token', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'by-key' }, headers: { authorization: `Bearer ${t.tenant.apiKey}`, cookie: 'tai_session=tai_us_bogus' } });
  assert.equal(res.statusCode, 201);
  const bad = await t.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: 'Bearer nope', cookie: (await signIn(ADMIN.email, ADMIN.password)).cookie } });
  assert.equal(bad.statusCode, 401, 'a bad key is not rescued by a good cookie');
});

test('a wrong password and an unknown email get the same 401, and both are limited per address and per email', async () => {
  for (const [email, password] of [[ADMIN.email, 'wrong password!'], ['nobody@example.test', ADMIN.password]] as const) {
    const res = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email, password }, remoteAddress: '10.9.9.9' });
    assert.equal(res.statusCode, 401);
    assert.deepEqual([res.json().error.code, res.json().error.message], ['auth.invalid_credentials', 'The email or password is wrong']);
  }
  // 10 failures a minute (the default) from one address, on different accounts: the 11th try gets 429.
  for (let i = 0; i < 8; i++) {
    await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: `guess${i}@example.test`, password: 'x' }, remoteAddress: '10.9.9.9' });
  }
  const limited = await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: ADMIN.email, password: ADMIN.password }, remoteAddress: '10.9.9.9' });
  assert.equal(limited.statusCode, 429);
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.equal((await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: ADMIN.email, password: ADMIN.password }, remoteAddress: '10.1.2.3' })).statusCode, 200,
    'another address is not affected');
  t.clock.advance(61_000);
  assert.equal((await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: ADMIN.email, password: ADMIN.password }, remoteAddress: '10.9.9.9' })).statusCode, 200, 'a minute later it may try again');

  const log = await t.tenant.call({ method: 'GET', url: '/v1/audit-log?limit=1000' });
  assert.ok(log.json().data.some((e: { action: string; details: { reason?: string } }) => e.action === 'user.sign_in_failed' && e.details.reason === 'wrong_password'));
});

test('an invite link sets the password once; the invited analyst reads but cannot change anything', async () => {
  const admin = await signIn(ADMIN.email, ADMIN.password);
  const invited = await admin.call({ method: 'POST', url: '/v1/users/invites', payload: { email: 'Ana@Example.test', role: 'analyst' } });
  assert.equal(invited.statusCode, 201, invited.body);
  assert.equal(invited.json().user.status, 'invited');
  const url = new URL(invited.json().invite.url);
  assert.equal(url.origin, 'https://ingest.example.test');
  const token = url.pathname.split('/').pop()!;

  assert.equal((await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'ana@example.test', password: 'anything at all' } })).statusCode, 401, 'no password yet');
  const info = await t.app.inject({ method: 'GET', url: `/v1/auth/invites/${token}` });
  assert.deepEqual([info.json().email, info.json().role], ['ana@example.test', 'analyst']);
  const short = await t.app.inject({ method: 'POST', url: '/v1/auth/invites/accept', payload: { token, password: 'short' } });
  assert.equal(short.statusCode, 400);
  assert.match(short.json().error.message, /at least 12 characters/);

  const accepted = await t.app.inject({ method: 'POST', url: '/v1/auth/invites/accept', payload: { token, password: 'analyst password 1', name: 'Ana' } });
  assert.equal(accepted.statusCode, 200);
  assert.equal(accepted.json().user.role, 'analyst');
  const again = await t.app.inject({ method: 'POST', url: '/v1/auth/invites/accept', payload: { token, password: 'another password 2' } });
  assert.equal(again.statusCode, 404);
  assert.equal(again.json().error.code, 'invite.invalid');

  const analyst = await signIn('ana@example.test', 'analyst password 1');
  assert.equal((await analyst.call({ method: 'GET', url: '/v1/events' })).statusCode, 200);
  const denied = await analyst.call({ method: 'POST', url: '/v1/sources', payload: { type: 'teleport_webhook', name: 'nope' } });
  assert.equal(denied.statusCode, 403);
  assert.match(denied.json().error.message, /analyst \(read-only\)/);
  assert.equal((await analyst.call({ method: 'GET', url: '/v1/users' })).statusCode, 403);
  const log = await t.tenant.call({ method: 'GET', url: '/v1/audit-log?limit=1000' });
  assert.ok(log.json().data.some((e: { action: string; actor: { email: string } }) => e.action === 'auth.denied' && e.actor.email === 'ana@example.test'));
  assert.ok(log.json().data.some((e: { action: string; actor: { email: string } }) => e.action === 'user.invite' && e.actor.email === 'root@example.test'));

  const users = await admin.call({ method: 'GET', url: '/v1/users' });
  const ana = users.json().data.find((u: { email: string }) => u.email === 'ana@example.test');
  assert.deepEqual([ana.status, ana.name], ['active', 'Ana']);
});

test('inviting an address already in use is a conflict; re-inviting a pending user issues a new link', async () => {
  const admin = await signIn(ADMIN.email, ADMIN.password);
  const taken = await admin.call({ method: 'POST', url: '/v1/users/invites', payload: { email: ADMIN.email, role: 'analyst' } });
  assert.equal(taken.statusCode, 409);
  const first = await admin.call({ method: 'POST', url: '/v1/users/invites', payload: { email: 'pending@example.test', role: 'admin' } });
  const second = await admin.call({ method: 'POST', url: '/v1/users/invites', payload: { email: 'pending@example.test', role: 'admin' } });
  assert.equal(second.statusCode, 201);
  assert.equal(second.json().user.id, first.json().user.id);
  assert.notEqual(second.json().invite.url, first.json().invite.url);
});

test('disabling a user ends their sessions at once and refuses their sign-in; the last admin cannot be demoted or disabled', async () => {
  const admin = await signIn(ADMIN.email, ADMIN.password);
  const invite = await admin.call({ method: 'POST', url: '/v1/users/invites', payload: { email: 'leaver@example.test', role: 'analyst' } });
  const token = new URL(invite.json().invite.url).pathname.split('/').pop()!;
  await t.app.inject({ method: 'POST', url: '/v1/auth/invites/accept', payload: { token, password: 'leaver password 1' } });
  const leaver = await signIn('leaver@example.test', 'leaver password 1');
  assert.equal((await leaver.call({ method: 'GET', url: '/v1/sources' })).statusCode, 200);

  const disabled = await admin.call({ method: 'PATCH', url: `/v1/users/${invite.json().user.id}`, payload: { disabled: true } });
  assert.equal(disabled.json().status, 'disabled');
  assert.equal((await leaver.call({ method: 'GET', url: '/v1/sources' })).statusCode, 401);
  assert.equal((await t.app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: { email: 'leaver@example.test', password: 'leaver password 1' } })).statusCode, 401);

  const me = (await admin.call({ method: 'GET', url: '/v1/me' })).json().user.id;
  for (const payload of [{ role: 'analyst' }, { disabled: true }]) {
    const res = await admin.call({ method: 'PATCH', url: `/v1/users/${me}`, payload });
    assert.equal(res.statusCode, 409, JSON.stringify(payload));
    assert.match(res.json().error.message, /last active admin/);
  }
});

test('signing out ends the session; a session also ends after its lifetime', async () => {
  const browser = await signIn(ADMIN.email, ADMIN.password);
  const out = await browser.call({ method: 'POST', url: '/v1/auth/sign-out' });
  assert.equal(out.statusCode, 204);
  assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
  assert.equal((await browser.call({ method: 'GET', url: '/v1/sources' })).statusCode, 401);

  const later = await signIn(ADMIN.email, ADMIN.password);
  t.clock.advance(12 * 3600_000 + 1000);
  assert.equal((await later.call({ method: 'GET', url: '/v1/sources' })).statusCode, 401);
});

test('users of one tenant are invisible to another tenant\'s admins', async () => {
  const other = await t.newTenant('tenant-b');
  await createUserWithPassword(t.db.repos, { tenantId: other.tenantId, email: 'b-admin@example.test', role: 'admin', password: 'tenant b password' });
  const b = await signIn('b-admin@example.test', 'tenant b password');
  const listed = await b.call({ method: 'GET', url: '/v1/users' });
  assert.deepEqual(listed.json().data.map((u: { email: string }) => u.email), ['b-admin@example.test']);
  const aUsers = (await t.tenant.call({ method: 'GET', url: '/v1/users' })).json().data as { id: string }[];
  const patch = await b.call({ method: 'PATCH', url: `/v1/users/${aUsers[0]!.id}`, payload: { disabled: true } });
  assert.equal(patch.statusCode, 404);
  assert.equal((await b.call({ method: 'GET', url: '/v1/sources' })).json().data.length, 0);
});
