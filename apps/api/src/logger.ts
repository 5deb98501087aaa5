import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * Webhook URLs and API keys are credentials: headers that carry them are redacted, and request logs
 * record the route pattern rather than the URL (see app.ts).
 */
export const loggerOptions = (level: string): LoggerOptions => ({
  level,
  redact: {
    paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.apiKey', '*.token', '*.webhookUrl', 'apiKey', 'token'],
    censor: '[redacted]',
  },
});

export const createLogger = (level: string): Logger => pino(loggerOptions(level));
