import { STATUS_CODES } from 'node:http';
import { OBJECT_ERROR_CODES as CODES, type ObjectErrorCode } from '@tai/core';
import { AssumeRoleError } from './assume-role-error.js';

type ErrorShape = { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };

// Node socket errors and the SDK's own timeouts: nothing answered, so nothing about access is known.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
// S3's answers to credentials it does not take, as opposed to a decision about this bucket or key.
const CREDENTIAL_NAMES = new Set(['InvalidAccessKeyId', 'ExpiredToken', 'InvalidToken', 'SignatureDoesNotMatch', 'TokenRefreshRequired']);

const shape = (err: unknown): ErrorShape => (typeof err === 'object' && err !== null ? err as ErrorShape : { message: String(err) });
const isNetwork = (e: ErrorShape) => NETWORK_CODES.has(e.code ?? '') || NETWORK_NAMES.has(e.name ?? '');
// A HEAD answer has no body, so S3's AccessDenied arrives as a bare 403.
const isDenied = (e: ErrorShape) => e.name === 'AccessDenied' || e.name === 'AllAccessDisabled' || e.$metadata?.httpStatusCode === 403;
// An error answer without a body (any HEAD) leaves the SDK only the status, which it calls Unknown/UnknownError.
const describe = (e: ErrorShape) => (e.name === 'Unknown' && e.$metadata?.httpStatusCode
  ? `HTTP ${e.$metadata.httpStatusCode} ${STATUS_CODES[e.$metadata.httpStatusCode] ?? ''} without error details`.replace('  ', ' ')
  : `${e.name || 'Error'}: ${e.message ?? ''}`);

/**
 * Why reading an object failed, as a stable code with the error's own words: AssumeRole refused (the
 * customer's trust policy or ExternalId) is told apart from S3 refusing the read (their permissions policy)
 * and from AWS not answering at all (ours, or the network).
 */
export function classifyReadError(err: unknown): { code: ObjectErrorCode; detail: string } {
  if (err instanceof AssumeRoleError) {
    const cause = shape(err.cause);
    // Only AccessDenied is the role's answer; STS's other 403s (InvalidClientTokenId, ExpiredToken, a disabled
    // region) are about the worker's own credentials or setup, which the customer cannot fix.
    const code = cause.name === 'AccessDenied' ? CODES.assumeRoleDenied : isNetwork(cause) ? CODES.unreachable : CODES.assumeRoleFailed;
    return { code, detail: `AssumeRole ${err.roleArn}: ${describe(cause)}` };
  }
  const e = shape(err);
  if (CREDENTIAL_NAMES.has(e.name ?? '')) return { code: CODES.credentialsRejected, detail: describe(e) };
  if (isDenied(e)) return { code: CODES.accessDenied, detail: describe(e) };
  if (isNetwork(e)) return { code: CODES.unreachable, detail: describe(e) };
  return { code: CODES.readFailed, detail: describe(e) };
}
