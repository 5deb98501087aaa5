import { classifyAttempt, emailMessage, type AlertNotice, type AttemptError, type EmailConfig, type EmailSecret } from '@tai/core';
import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import { snippet, type AttemptResult } from './attempt-result.js';

/** connectTo: the checked address to connect to instead of resolving the host again (see checkDestination) */
type SendArgs = { timeoutMs: number; scrub: (text: string) => string; connectTo?: string };
type SmtpError = { code?: string; responseCode?: number; response?: string; message?: string };

const replyCode = (response: string | undefined): number | null => {
  const code = Number(/^\d{3}/.exec(response ?? '')?.[0]);
  return Number.isInteger(code) && code > 0 ? code : null;
};

/** A nodemailer failure as an error class: the server's reply code decides when there is one, else the failure kind. */
export function classifySmtpError(err: SmtpError): { error: AttemptError | 'config'; detail: string } {
  const reply = err.response ? err.response.split('\n')[0]! : null;
  if (err.responseCode && err.responseCode >= 400 && err.responseCode < 500) return { error: 'smtp_transient', detail: reply ?? String(err.responseCode) };
  if (err.responseCode && err.responseCode >= 500 && err.responseCode < 600) return { error: 'smtp_permanent', detail: reply ?? String(err.responseCode) };
  switch (err.code) {
    case 'ETIMEDOUT': return { error: 'timeout', detail: 'the mail server did not answer in time' };
    case 'ETLS': case 'EREQUIRETLS': return { error: 'tls', detail: `TLS with the mail server failed (${err.code})` };
    // No reply code: the client refused before asking the server (missing credentials, no recipients, bad options).
    case 'EAUTH': case 'ENOAUTH': case 'EENVELOPE': case 'ECONFIG': case 'EMESSAGE': return { error: 'config', detail: `the message could not be sent as configured (${err.code})` };
    default: {
      const tls = /certificate|ssl|tls/i.test(err.message ?? '');
      return { error: tls ? 'tls' : 'network', detail: `${tls ? 'TLS with the mail server failed' : 'could not talk to the mail server'} (${err.code ?? 'unknown'})` };
    }
  }
}

/** One e-mail over a fresh SMTP connection, with connection, greeting and idle timeouts of `timeoutMs`. */
export async function sendEmail(notice: AlertNotice, config: EmailConfig, secret: EmailSecret, { timeoutMs, scrub, connectTo }: SendArgs): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const transport = createTransport({
    host: connectTo ?? config.host,
    port: config.port,
    // Connected by address, TLS still checks the certificate against the configured name.
    ...(connectTo && !isIP(config.host) ? { tls: { servername: config.host } } : {}),
    secure: config.tls === 'tls',
    requireTLS: config.tls === 'starttls',
    ignoreTLS: config.tls === 'none',
    ...(config.username ? { auth: { user: config.username, pass: secret.password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // The message is built from tenant text: never let it pull in files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
  try {
    const info = await transport.sendMail({ ...emailMessage(notice, config), headers: { 'X-TAI-Delivery': notice.deliveryId } });
    const refused = (info.rejected ?? []).map(String);
    const answer = [info.response ?? '', refused.length ? `refused: ${refused.join(', ')}` : ''].filter(Boolean).join('; ');
    return { outcome: 'delivered', status: replyCode(info.response), error: null, retryAfterSeconds: null, durationMs: elapsed(), responseSnippet: snippet(answer, scrub) };
  } catch (err) {
    const smtp = err as SmtpError;
    const { error, detail } = classifySmtpError(smtp);
    const outcome = error === 'config' ? 'failed' : classifyAttempt({ error }).outcome;
    return {
      outcome,
      status: smtp.responseCode ?? null,
      error: scrub(`${error}: ${detail}`),
      retryAfterSeconds: null,
      durationMs: elapsed(),
      responseSnippet: smtp.response ? snippet(smtp.response, scrub) : null,
    };
  } finally {
    transport.close();
  }
}
