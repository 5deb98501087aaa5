import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hasValidSigV4Signature, parseSigV4Authorization, sha256Hex } from './sigv4.js';

/**
 * A customer's role as IAM would hold it: the ExternalId its trust policy requires, whether that policy
 * trusts the service's principal at all, how long its sessions last, and (its permissions policy) the
 * buckets its credentials may read; no list means any bucket.
 */
export type LocalRole = { externalId: string | null; trustsService: boolean; lifetimeSeconds: number; buckets: string[] | null };
export type IssuedCredentials = { roleArn: string; accessKeyId: string; secretAccessKey: string; sessionToken: string; issuedAt: Date; expiresAt: Date };
export type AssumeRoleCall = { roleArn: string; externalId: string | null; durationSeconds: number | null; sessionName: string; callerKeyId: string; outcome: 'issued' | 'denied' | 'invalid' };

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const randomKeyId = () => `ASIA${Array.from(randomBytes(16), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('')}`;

/**
 * A minimal STS on 127.0.0.1 answering AssumeRole as AWS does (query protocol: a form-encoded POST in, XML
 * out), because fauxqs has none. Callers must sign with the service's own credentials. A wrong ExternalId,
 * an unknown role and a role that does not trust the service all get the same 403 AccessDenied, as from
 * AWS, which does not say which. Issued credentials are kept so a local S3 front can check requests.
 */
export async function startLocalSts({ serviceCredentials = { accessKeyId: 'test', secretAccessKey: 'test' } } = {}) {
  const roles = new Map<string, LocalRole>();
  const issued = new Map<string, IssuedCredentials>();
  const calls: AssumeRoleCall[] = [];

  const reply = (res: ServerResponse, status: number, xml: string) => {
    res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
    res.end(xml);
  };
  const fault = (res: ServerResponse, status: number, code: string, message: string) => reply(res, status, [
    `<ErrorResponse xmlns="${XMLNS}">`,
    `  <Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`,
    `  <RequestId>${randomUUID()}</RequestId>`,
    '</ErrorResponse>',
  ].join('\n'));

  const assumeRole = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const auth = parseSigV4Authorization(req.headers.authorization);
    if (!auth || auth.service !== 'sts') return fault(res, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    if (auth.accessKeyId !== serviceCredentials.accessKeyId) return fault(res, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    if (!hasValidSigV4Signature({ method: req.method!, url: req.url!, headers: req.headers }, auth, { secretAccessKey: serviceCredentials.secretAccessKey, payloadHash: sha256Hex(body) })) {
      return fault(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('Action') !== 'AssumeRole' || form.get('Version') !== '2011-06-15') return fault(res, 400, 'InvalidAction', `Could not find operation ${form.get('Action')} for version ${form.get('Version')}`);
    const roleArn = form.get('RoleArn') ?? '';
    const externalId = form.get('ExternalId');
    const sessionName = form.get('RoleSessionName') ?? '';
    const durationSeconds = form.has('DurationSeconds') ? Number(form.get('DurationSeconds')) : null;
    const call: AssumeRoleCall = { roleArn, externalId, durationSeconds, sessionName, callerKeyId: auth.accessKeyId, outcome: 'invalid' };
    calls.push(call);
    // The limits AWS enforces, so a request our worker builds is one AWS would take.
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) return fault(res, 400, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`);
    if (durationSeconds !== null && !(durationSeconds >= 900 && durationSeconds <= 43_200)) {
      return fault(res, 400, 'ValidationError', `1 validation error detected: Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
    }
    const role = roles.get(roleArn);
    if (!role || !role.trustsService || (role.externalId ?? null) !== externalId) {
      call.outcome = 'denied';
      return fault(res, 403, 'AccessDenied', `User: arn:aws:iam::000000000000:user/${auth.accessKeyId} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    const credentials: IssuedCredentials = {
      roleArn,
      accessKeyId: randomKeyId(),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      issuedAt: new Date(),
      // Whole seconds, as AWS writes them: a sub-second lifetime would otherwise read as already expired.
      expiresAt: new Date(Math.floor(Date.now() / 1000) * 1000 + role.lifetimeSeconds * 1000),
    };
    issued.set(credentials.accessKeyId, credentials);
    call.outcome = 'issued';
    return reply(res, 200, [
      `<AssumeRoleResponse xmlns="${XMLNS}">`,
      '  <AssumeRoleResult>',
      '    <AssumedRoleUser>',
      `      <Arn>${escapeXml(roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/'))}/${escapeXml(sessionName)}</Arn>`,
      `      <AssumedRoleId>AROA${randomKeyId().slice(4)}:${escapeXml(sessionName)}</AssumedRoleId>`,
      '    </AssumedRoleUser>',
      '    <Credentials>',
      `      <AccessKeyId>${credentials.accessKeyId}</AccessKeyId>`,
      `      <SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey>`,
      `      <SessionToken>${credentials.sessionToken}</SessionToken>`,
      `      <Expiration>${credentials.expiresAt.toISOString().replace('.000Z', 'Z')}</Expiration>`,
      '    </Credentials>',
      '  </AssumeRoleResult>',
      `  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`,
      '</AssumeRoleResponse>',
    ].join('\n'));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST') return fault(res, 405, 'InvalidAction', 'STS takes POST');
      assumeRole(req, res, Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Creates or replaces a role; by default it trusts the service, lasts 900 s and may read any bucket. */
    putRole(roleArn: string, role: Partial<LocalRole> & { externalId: string | null }) {
      roles.set(roleArn, { trustsService: true, lifetimeSeconds: 900, buckets: null, ...role });
    },
    role: (roleArn: string) => roles.get(roleArn) ?? null,
    /** What this STS issued under an access key id, or null for a key it never issued. */
    issuedFor: (accessKeyId: string) => issued.get(accessKeyId) ?? null,
    callsFor: (roleArn: string) => calls.filter((c) => c.roleArn === roleArn),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type LocalSts = Awaited<ReturnType<typeof startLocalSts>>;
