import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalSts } from './local-sts.js';
import { hasValidSigV4Signature, parseSigV4Authorization } from './sigv4.js';

export type FrontRequest = { accessKeyId: string | null; roleArn: string | null; method: string; path: string; status: number; code: string | null };

/**
 * fauxqs checks no credentials, so this loopback front stands before it and does what S3 does with a
 * customer's bucket: an S3 request must be signed (SigV4, signature checked) with credentials the local STS
 * issued, with their session token, before they expire, and for a bucket the role may read; anything else
 * gets S3's own error. Requests signed for other services (SQS) pass through untouched.
 */
export async function startS3Front({ upstream, sts }: { upstream: string; sts: LocalSts }) {
  const target = new URL(upstream);
  const requests: FrontRequest[] = [];
  /** who signed the requests passed through unchecked (SQS), to tell whose credentials a client used */
  const otherServices: { service: string; accessKeyId: string }[] = [];

  const refuse = (req: IncomingMessage, res: ServerResponse, entry: Omit<FrontRequest, 'status' | 'code' | 'method' | 'path'>, status: number, code: string, message: string) => {
    requests.push({ ...entry, method: req.method!, path: req.url!, status, code });
    // S3 answers a HEAD without a body: the SDK then knows the error only by its status.
    res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID().slice(0, 16) });
    res.end(req.method === 'HEAD' ? undefined
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`);
  };

  const forward = (req: IncomingMessage, res: ServerResponse, entry: Omit<FrontRequest, 'status' | 'code' | 'method' | 'path'> | null) => {
    const upstreamReq = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upstreamRes) => {
      if (entry) requests.push({ ...entry, method: req.method!, path: req.url!, status: upstreamRes.statusCode ?? 0, code: null });
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    });
    upstreamReq.on('error', (err) => res.destroy(err));
    req.pipe(upstreamReq);
  };

  const server = createServer((req, res) => {
    const auth = parseSigV4Authorization(req.headers.authorization);
    if (auth && auth.service !== 's3') {
      otherServices.push({ service: auth.service, accessKeyId: auth.accessKeyId });
      return forward(req, res, null);
    }
    if (!auth) return refuse(req, res, { accessKeyId: null, roleArn: null }, 403, 'AccessDenied', 'Access Denied');
    const issued = sts.issuedFor(auth.accessKeyId);
    const entry = { accessKeyId: auth.accessKeyId, roleArn: issued?.roleArn ?? null };
    if (!issued) return refuse(req, res, entry, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
    if (req.headers['x-amz-security-token'] !== issued.sessionToken) return refuse(req, res, entry, 400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.');
    if (Date.now() >= issued.expiresAt.getTime()) return refuse(req, res, entry, 400, 'ExpiredToken', 'The provided token has expired.');
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (!hasValidSigV4Signature({ method: req.method!, url: req.url!, headers: req.headers }, auth, { secretAccessKey: issued.secretAccessKey, payloadHash })) {
      return refuse(req, res, entry, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    const bucket = decodeURIComponent(req.url!.split(/[/?]/)[1] ?? '');
    const allowed = sts.role(issued.roleArn)?.buckets;
    if (allowed && !allowed.includes(bucket)) return refuse(req, res, entry, 403, 'AccessDenied', 'Access Denied');
    forward(req, res, entry);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Every S3 request the front judged, in arrival order: who signed it and what it was answered. */
    requests,
    otherServices,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
