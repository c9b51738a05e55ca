import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { AppConfig } from './app-config';
import { envSchema } from './config.schema';

/** `.env.example` is where operators learn the settings: it must list every one, and its values must be valid. */
describe('.env.example', () => {
  const text = readFileSync(resolve(__dirname, '../../../.env.example'), 'utf8');
  // Commented-out lines document optional settings (`# SMTP_URL=...`).
  const documented = new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));

  it('documents every variable the service reads', () => {
    const missing = Object.keys(envSchema.shape).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });

  it('documents no variable the service ignores', () => {
    const unknown = [...documented].filter((k) => !(k in envSchema.shape));
    expect(unknown).toEqual([]);
  });

  it('holds values the schema accepts', () => {
    expect(() => AppConfig.load(parseEnv(text) as Record<string, string>, '')).not.toThrow();
  });
});

describe('production settings', () => {
  it('refuse the development unsubscribe secret, and accept one of your own', () => {
    expect(() => AppConfig.load({ NODE_ENV: 'production' }, '')).toThrow(/UNSUBSCRIBE_SECRET must be set to a secret of your own in production/);
    expect(AppConfig.load({ NODE_ENV: 'production', UNSUBSCRIBE_SECRET: 'a-long-enough-secret-of-ours' }, '').logFormat).toBe('json');
  });
});
