// Webhook secrets at rest. MLflow encrypts them with a Fernet key from
// MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY; Runboard does the same with AES-256-GCM and a key derived
// (SHA-256) from RUNBOARD_WEBHOOK_SECRET_KEY. Without that variable secrets are stored as given,
// marked `plain:`, so a key set later still reads them; with it, new secrets are stored `enc:v1:`.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const SECRET_KEY_ENV = 'RUNBOARD_WEBHOOK_SECRET_KEY';
const MIN_KEY_LENGTH = 16;
const PLAIN = 'plain:';
const SEALED = 'enc:v1:';

export class WebhookSecretError extends Error {}

/** The key from the environment, checked at boot; undefined when none is set. */
export function webhookSecretKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const value = env[SECRET_KEY_ENV];
  if (value === undefined || value === '') return undefined;
  if (value.length < MIN_KEY_LENGTH) throw new Error(`${SECRET_KEY_ENV} must be at least ${MIN_KEY_LENGTH} characters long.`);
  return createHash('sha256').update(value, 'utf8').digest();
}

export function sealSecret(secret: string, key: Buffer | undefined): string {
  if (!key) return `${PLAIN}${secret}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${SEALED}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${sealed.toString('base64')}`;
}

/** The secret to sign with; throws WebhookSecretError when it was sealed with a key this server lacks. */
export function openSecret(stored: string, key: Buffer | undefined): string {
  if (stored.startsWith(PLAIN)) return stored.slice(PLAIN.length);
  if (!stored.startsWith(SEALED)) throw new WebhookSecretError('The webhook secret is stored in an unknown format.');
  if (!key)
    throw new WebhookSecretError(
      `The webhook secret is encrypted: start the server with ${SECRET_KEY_ENV} set to the key it was saved with.`,
    );
  const [iv = '', tag = '', data = ''] = stored.slice(SEALED.length).split(':');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new WebhookSecretError(`The webhook secret cannot be decrypted: ${SECRET_KEY_ENV} differs from the key it was saved with.`);
  }
}
