import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { destinationErrors } from './destination-errors.js';

export const DESTINATION_KINDS = ['webhook', 'slack', 'pagerduty', 'email'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
export const EMAIL_MAX_RECIPIENTS = 20;
const SIGNING_SECRET_PREFIX = 'whsec_';

const urlWith = (protocols: string[], what: string) =>
  z.string().trim().max(2048).refine((text) => {
    try {
      return protocols.includes(new URL(text).protocol);
    } catch {
      return false;
    }
  }, `must be ${what} URL`);

// A tenant's text ends up in SMTP commands and headers: CR/LF there would let it write commands of its own.
const singleLine = (max: number) => z.string().min(1).max(max).regex(/^[^\r\n]*$/, 'must be one line');
const address = z.string().trim().pipe(z.email('must be an e-mail address'));

const schemas = {
  webhook: {
    config: z.strictObject({ url: urlWith(['http:', 'https:'], 'an http or https') }),
    secret: z.strictObject({ signingSecret: z.string().min(16, 'must be at least 16 characters').max(256) }),
  },
  slack: {
    config: z.strictObject({ channelLabel: singleLine(80).optional() }),
    // The incoming-webhook URL is itself the credential, hence a secret.
    secret: z.strictObject({ webhookUrl: urlWith(['https:'], 'an https') }),
  },
  pagerduty: {
    config: z.strictObject({ eventsUrl: urlWith(['https:'], 'an https').default(PAGERDUTY_EVENTS_URL) }),
    // PagerDuty's Events API v2 integration key is 32 characters.
    secret: z.strictObject({ routingKey: z.string().trim().regex(/^[\x21-\x7e]{32}$/, 'must be the 32-character integration key of an Events API v2 integration') }),
  },
  email: {
    config: z.strictObject({
      host: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9._:[\]-]+$/, 'must be a host name or IP address'),
      port: z.number().int().min(1).max(65_535).default(587),
      tls: z.enum(['starttls', 'tls', 'none']).default('starttls'),
      from: address,
      to: z.array(address).min(1, 'needs at least one address').max(EMAIL_MAX_RECIPIENTS, `takes at most ${EMAIL_MAX_RECIPIENTS} addresses`),
      username: singleLine(256).optional(),
    }),
    secret: z.strictObject({ password: z.string().min(1).max(1024).optional() }),
  },
} as const;

type Schemas = typeof schemas;
export type DestinationConfig<K extends DestinationKind> = z.output<Schemas[K]['config']>;
export type DestinationSecret<K extends DestinationKind> = z.output<Schemas[K]['secret']>;
export type WebhookConfig = DestinationConfig<'webhook'>;
export type WebhookSecret = DestinationSecret<'webhook'>;
export type SlackConfig = DestinationConfig<'slack'>;
export type SlackSecret = DestinationSecret<'slack'>;
export type PagerDutyConfig = DestinationConfig<'pagerduty'>;
export type PagerDutySecret = DestinationSecret<'pagerduty'>;
export type EmailConfig = DestinationConfig<'email'>;
export type EmailSecret = DestinationSecret<'email'>;

/** One destination's validated settings, discriminated by kind. */
export type DestinationSettings = { [K in DestinationKind]: { kind: K; config: DestinationConfig<K>; secret: DestinationSecret<K> } }[DestinationKind];

export const isDestinationKind = (kind: unknown): kind is DestinationKind => DESTINATION_KINDS.includes(kind as DestinationKind);

type Issue = { field: string; message: string };

const issuesOf = (part: 'config' | 'secret', error: z.ZodError): Issue[] =>
  error.issues.map((i) => {
    // An unknown key is reported on its parent with the keys in `keys`; name the key itself.
    const keys = i.code === 'unrecognized_keys' ? i.keys : [undefined];
    return keys.map((key) => ({
      field: [part, ...i.path.filter((p): p is string | number => typeof p !== 'symbol'), ...(key === undefined ? [] : [key])].join('.'),
      message: i.code === 'unrecognized_keys' ? 'is not a setting of this kind' : i.message,
    }));
  }).flat();

const invalid = (issues: Issue[]) => {
  const [first] = issues;
  return destinationErrors.destinationInvalid({ message: `${first!.field}: ${first!.message}`, details: { field: first!.field, issues } });
};

/** The settings of one destination, defaults filled, or `destination.invalid` naming the first bad field (all of them in details.issues). */
export function parseDestinationSettings<K extends DestinationKind>(kind: K, input: { config: unknown; secret: unknown }): { config: DestinationConfig<K>; secret: DestinationSecret<K> } {
  if (!isDestinationKind(kind)) throw invalid([{ field: 'kind', message: `must be one of ${DESTINATION_KINDS.join(', ')}` }]);
  const schema = schemas[kind as DestinationKind];
  const config = schema.config.safeParse(input.config ?? {});
  const secret = schema.secret.safeParse(input.secret ?? {});
  const issues = [...(config.success ? [] : issuesOf('config', config.error)), ...(secret.success ? [] : issuesOf('secret', secret.error))];
  if (kind === 'email' && config.success && secret.success) {
    const { username } = config.data as EmailConfig;
    if ((secret.data as EmailSecret).password !== undefined && username === undefined) issues.push({ field: 'config.username', message: 'is needed with a password' });
  }
  if (issues.length) throw invalid(issues);
  return { config: config.data, secret: secret.data } as { config: DestinationConfig<K>; secret: DestinationSecret<K> };
}

/** A fresh webhook signing secret: 32 random bytes, base64url, with a prefix secret scanners and people recognise. */
export const generateSigningSecret = (): string => SIGNING_SECRET_PREFIX + randomBytes(32).toString('base64url');
