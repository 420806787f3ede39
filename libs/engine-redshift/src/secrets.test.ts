import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { UsageError } from '@finlake/errors';
import { parseCredentials, SecretLookup } from './secrets';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:finlake-admin';
const sm = mockClient(SecretsManagerClient);
const lookup = () => new SecretLookup(new SecretsManagerClient({ region: 'eu-west-1' }));

beforeEach(() => sm.reset());

describe('parseCredentials', () => {
  it.each([
    ['no SecretString', undefined, `Secret ${ARN} has no SecretString (a binary secret?). Store JSON like {"username": "...", "password": "..."}.`],
    ['not JSON', 'user=finlake', `Secret ${ARN} is not JSON. Store JSON like {"username": "...", "password": "..."}.`],
    ['a JSON array', '["finlake"]', `Secret ${ARN} is not a JSON object. Store JSON like {"username": "...", "password": "..."}.`],
    ['no password', '{"username":"finlake"}', `Secret ${ARN} lacks password (a non-empty string each).`],
    ['an empty username and no password', '{"username":""}', `Secret ${ARN} lacks username and password (a non-empty string each).`],
  ])('rejects %s with a message that never shows the value', (_case, value, message) => {
    expect(() => parseCredentials(ARN, value)).toThrow(new UsageError(message));
  });

  it('keeps the fields a Redshift-managed secret has', () => {
    expect(parseCredentials(ARN, JSON.stringify({ username: 'u', password: 'p', engine: 'redshift', host: 'h', port: '5439', dbname: 'finance' }))).toEqual({
      username: 'u',
      password: 'p',
      host: 'h',
      port: 5439,
      dbname: 'finance',
    });
  });
});

describe('SecretLookup', () => {
  it('reads a secret once and answers later lookups from the cache', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"username":"finlake","password":"pw"}' });
    const secrets = lookup();
    expect(await secrets.credentials(ARN)).toEqual({ username: 'finlake', password: 'pw' });
    expect(await secrets.credentials(ARN)).toEqual({ username: 'finlake', password: 'pw' });
    expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([{ SecretId: ARN }]);
  });

  it('says a missing secret does not exist, and does not cache the failure', async () => {
    sm.on(GetSecretValueCommand).rejectsOnce(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} })).resolves({ SecretString: '{"username":"u","password":"p"}' });
    const secrets = lookup();
    await expect(secrets.credentials(ARN)).rejects.toThrow(new UsageError(`Secret ${ARN} does not exist (or is not visible in this account and region). Check FINLAKE_REDSHIFT_SECRET_ARN and AWS_REGION.`));
    expect(await secrets.credentials(ARN)).toEqual({ username: 'u', password: 'p' });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('names the permission when access is denied', async () => {
    const denied = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
    sm.on(GetSecretValueCommand).rejects(denied);
    await expect(lookup().credentials(ARN)).rejects.toThrow(`Not allowed to read secret ${ARN}: grant secretsmanager:GetSecretValue (and kms:Decrypt on its key).`);
  });

  it('rejects a malformed secret', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'not json' });
    await expect(lookup().credentials(ARN)).rejects.toThrow(`Secret ${ARN} is not JSON.`);
  });
});
