import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { UsageError } from '@finlake/errors';

/** The fields finlake reads from a Redshift secret (the shape Redshift's managed secrets use). */
export interface RedshiftCredentials {
  username: string;
  password: string;
  /** Present in secrets created by Redshift for a cluster; informational here. */
  dbname?: string;
  host?: string;
  port?: number;
}

/**
 * Parse a secret string into credentials, or say exactly what is wrong with it. The secret
 * value itself never appears in a message.
 */
export function parseCredentials(arn: string, secretString: string | undefined): RedshiftCredentials {
  if (secretString === undefined || secretString === '') {
    throw new UsageError(`Secret ${arn} has no SecretString (a binary secret?). Store JSON like {"username": "...", "password": "..."}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new UsageError(`Secret ${arn} is not JSON. Store JSON like {"username": "...", "password": "..."}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`Secret ${arn} is not a JSON object. Store JSON like {"username": "...", "password": "..."}.`);
  }
  const fields = value as Record<string, unknown>;
  const missing = ['username', 'password'].filter((k) => typeof fields[k] !== 'string' || fields[k] === '');
  if (missing.length > 0) throw new UsageError(`Secret ${arn} lacks ${missing.join(' and ')} (a non-empty string each).`);
  const port = fields.port === undefined ? undefined : Number(fields.port);
  return {
    username: fields.username as string,
    password: fields.password as string,
    ...(typeof fields.dbname === 'string' ? { dbname: fields.dbname } : {}),
    ...(typeof fields.host === 'string' ? { host: fields.host } : {}),
    ...(port !== undefined && Number.isInteger(port) ? { port } : {}),
  };
}

/**
 * Looks up Redshift credentials in Secrets Manager, once per ARN and process: a run makes many
 * statements and the secret does not change under it (a rotation applies to the next run).
 */
export class SecretLookup {
  private readonly cache = new Map<string, Promise<RedshiftCredentials>>();

  constructor(private readonly client: SecretsManagerClient = new SecretsManagerClient({})) {}

  credentials(arn: string): Promise<RedshiftCredentials> {
    let pending = this.cache.get(arn);
    if (!pending) {
      pending = this.fetch(arn);
      // A failed lookup is not cached: fixing the secret or the permission must not need a restart.
      pending.catch(() => this.cache.delete(arn));
      this.cache.set(arn, pending);
    }
    return pending;
  }

  private async fetch(arn: string): Promise<RedshiftCredentials> {
    let secretString: string | undefined;
    try {
      secretString = (await this.client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'ResourceNotFoundException') throw new UsageError(`Secret ${arn} does not exist (or is not visible in this account and region). Check FINLAKE_REDSHIFT_SECRET_ARN and AWS_REGION.`);
      if (name === 'AccessDeniedException') throw new UsageError(`Not allowed to read secret ${arn}: grant secretsmanager:GetSecretValue (and kms:Decrypt on its key).`);
      throw new UsageError(`Cannot read secret ${arn}: ${(err as Error).message}`);
    }
    return parseCredentials(arn, secretString);
  }
}
