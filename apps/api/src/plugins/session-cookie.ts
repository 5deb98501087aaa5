import { sha256Hex } from '@tai/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'tai_session';

/** The session secret from the Cookie header, or null. */
export function sessionSecretOf(req: FastifyRequest): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 && value.length <= 200 ? value : null;
    }
  }
  return null;
}

/**
 * The CSRF token of a session: derived from the cookie's secret, so it needs no storage, and a page of
 * another origin, which cannot read the cookie, cannot compute it.
 */
export const csrfTokenFor = (sessionSecret: string): string => sha256Hex(`csrf:${sessionSecret}`);

export type CookieOptions = { secure: boolean };

export function setSessionCookie(reply: FastifyReply, secret: string, maxAgeSeconds: number, options: CookieOptions): void {
  void reply.header('set-cookie', `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${options.secure ? '; Secure' : ''}`);
}

export function clearSessionCookie(reply: FastifyReply, options: CookieOptions): void {
  void reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${options.secure ? '; Secure' : ''}`);
}
