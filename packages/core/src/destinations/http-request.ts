/** One HTTP delivery attempt, as the worker sends it. The body may hold a secret (PagerDuty's routing key): never log it. */
export type HttpRequest = { url: string; method: 'POST'; headers: Record<string, string>; body: string };

export const USER_AGENT = 'teleport-audit-ingest';

export const jsonRequest = (url: string, payload: unknown, headers: Record<string, string> = {}): HttpRequest => ({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
  body: JSON.stringify(payload),
});
