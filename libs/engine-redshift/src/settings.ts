import { UsageError } from '@finlake/errors';

/**
 * Where statements run. A provisioned cluster authenticates with a Secrets Manager secret; a
 * Serverless workgroup with the caller's IAM identity (a secret is optional there).
 */
export type RedshiftTarget =
  | { kind: 'cluster'; clusterIdentifier: string; database: string; secretArn: string }
  | { kind: 'workgroup'; workgroupName: string; database: string; secretArn?: string };

export interface RedshiftSettings {
  cluster?: string;
  workgroup?: string;
  database?: string;
  secretArn?: string;
  region?: string;
}

/** The environment variables that configure the Redshift engine (flags take precedence). */
export const REDSHIFT_ENV = {
  cluster: 'FINLAKE_REDSHIFT_CLUSTER',
  workgroup: 'FINLAKE_REDSHIFT_WORKGROUP',
  database: 'FINLAKE_REDSHIFT_DATABASE',
  secretArn: 'FINLAKE_REDSHIFT_SECRET_ARN',
  region: 'AWS_REGION',
} as const;

/** Settings from flags, falling back to the environment for each one left out. */
export function settingsFrom(flags: RedshiftSettings, env: NodeJS.ProcessEnv = process.env): RedshiftSettings {
  const pick = (key: keyof RedshiftSettings) => flags[key] || env[REDSHIFT_ENV[key]] || undefined;
  return { cluster: pick('cluster'), workgroup: pick('workgroup'), database: pick('database'), secretArn: pick('secretArn'), region: pick('region') };
}

/** Check the settings name exactly one target with what it needs; say which setting is missing. */
export function resolveTarget(settings: RedshiftSettings): RedshiftTarget {
  const { cluster, workgroup, database, secretArn } = settings;
  if (cluster && workgroup) {
    throw new UsageError(`Give a Redshift cluster or a Serverless workgroup, not both (cluster ${cluster}, workgroup ${workgroup}).`);
  }
  if (!cluster && !workgroup) {
    throw new UsageError(`No Redshift target: set --redshift-cluster (${REDSHIFT_ENV.cluster}) with a secret, or --redshift-workgroup (${REDSHIFT_ENV.workgroup}).`);
  }
  if (!database) throw new UsageError(`No Redshift database: set --redshift-database (${REDSHIFT_ENV.database}).`);
  if (cluster) {
    if (!secretArn) throw new UsageError(`Redshift cluster ${cluster} needs a Secrets Manager secret: set --redshift-secret-arn (${REDSHIFT_ENV.secretArn}).`);
    return { kind: 'cluster', clusterIdentifier: cluster, database, secretArn };
  }
  return { kind: 'workgroup', workgroupName: workgroup!, database, ...(secretArn ? { secretArn } : {}) };
}

/** The target as Data API request fields (the first statement of a session names it). */
export function targetFields(target: RedshiftTarget): { ClusterIdentifier?: string; WorkgroupName?: string; Database: string; SecretArn?: string } {
  return target.kind === 'cluster'
    ? { ClusterIdentifier: target.clusterIdentifier, Database: target.database, SecretArn: target.secretArn }
    : { WorkgroupName: target.workgroupName, Database: target.database, ...(target.secretArn ? { SecretArn: target.secretArn } : {}) };
}

/** A short name for messages. */
export function targetLabel(target: RedshiftTarget): string {
  return target.kind === 'cluster' ? `Redshift cluster ${target.clusterIdentifier}/${target.database}` : `Redshift Serverless workgroup ${target.workgroupName}/${target.database}`;
}
