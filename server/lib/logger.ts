import pino from 'pino';

// Anything that can carry a credential is redacted wherever it appears in a log line.
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  ...['password', 'accessToken', 'refreshToken', 'access_token', 'token', 'apiKey', 'api_key', 'appSecret', 'secret'].flatMap(
    (k) => [k, `*.${k}`, `*.*.${k}`],
  ),
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'parley' } }, destination);
}
