import * as pulumi from '@pulumi/pulumi';
import type { NatStrategy } from '@finlake/infra-components';

/**
 * The whole stack configuration, typed. Defaults and descriptions live in Pulumi.yaml only (the
 * engine applies them); this module reads every key and validates the combination.
 */
export interface StackConfig {
  project: string;
  environment: 'dev' | 'staging' | 'prod';
  region: string;
  vpcCidr: string;
  availabilityZones: string[];
  natStrategy: NatStrategy;
  redshiftNodeType: string;
  redshiftNodeCount: number;
  redshiftDatabase: string;
  redshiftAdminUser: string;
  redshiftMayPause: boolean;
  snapshotRetentionDays: number;
  keepFinalSnapshot: boolean;
  finalSnapshotSuffix: string;
  protectData: boolean;
  forceDestroyBuckets: boolean;
  logRetentionDays: number;
  noncurrentVersionDays: number;
  glueWorkers: number;
  glueTimeoutMinutes: number;
  pipelineSchedule: string;
  alertEmail: string;
  manageAccountSingletons: boolean;
  mwaaEnabled: boolean;
  mwaaEnvironmentClass: string;
  mwaaAirflowVersion: string;
  mwaaMaxWorkers: number;
}

/** Physical-name prefix of a stack, e.g. `finlake-dev`. */
export const prefixOf = (c: StackConfig) => `${c.project}-${c.environment}`;

/** Checks the combination; collects every problem and throws once. */
export function validateConfig(c: StackConfig): StackConfig {
  const p: string[] = [];
  if (!['dev', 'staging', 'prod'].includes(c.environment)) p.push(`environment is "${c.environment}": dev, staging or prod.`);
  if (c.natStrategy !== 'single' && c.natStrategy !== 'perAz') p.push(`natStrategy is "${c.natStrategy}": single or perAz.`);
  for (const az of c.availabilityZones) if (!az.startsWith(c.region)) p.push(`availability zone ${az} is not in aws:region ${c.region}.`);
  if (c.environment === 'prod') {
    if (c.natStrategy !== 'perAz') p.push('prod needs natStrategy perAz (one NAT per AZ).');
    if (c.availabilityZones.length < 3) p.push('prod spans 3 availability zones.');
    if (!c.keepFinalSnapshot || !c.protectData) p.push('prod keeps a final snapshot and protects its data: set keepFinalSnapshot and protectData.');
    if (c.forceDestroyBuckets) p.push('prod buckets must not be force-destroyed: unset forceDestroyBuckets.');
    if (c.logRetentionDays < 365) p.push(`prod keeps logs at least 365 days (logRetentionDays is ${c.logRetentionDays}).`);
    if (c.redshiftMayPause) p.push('the prod cluster never pauses, and its silence is an alarm: unset redshiftMayPause.');
    if (!c.alertEmail) p.push('prod alerts must reach someone: set alertEmail to the on-call address subscribed to the alert topic.');
  }
  if (c.alertEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.alertEmail)) p.push(`alertEmail "${c.alertEmail}" is not an e-mail address.`);
  if (c.mwaaEnabled && c.environment === 'dev') p.push('MWAA is off in dev (it costs per hour and cannot pause): unset mwaaEnabled.');
  if (c.snapshotRetentionDays < 7) p.push(`snapshotRetentionDays is ${c.snapshotRetentionDays}: at least 7.`);
  if (p.length) throw new Error(`Invalid configuration of stack ${c.environment}:\n${p.map((x) => `  - ${x}`).join('\n')}`);
  return c;
}

/** Reads the stack configuration through the Pulumi config API. */
export function loadConfig(): StackConfig {
  const cfg = new pulumi.Config();
  const aws = new pulumi.Config('aws');
  return validateConfig({
    project: pulumi.getProject(),
    environment: cfg.require('environment') as StackConfig['environment'],
    region: aws.require('region'),
    vpcCidr: cfg.require('vpcCidr'),
    availabilityZones: cfg.requireObject<string[]>('availabilityZones'),
    natStrategy: cfg.require('natStrategy') as NatStrategy,
    redshiftNodeType: cfg.require('redshiftNodeType'),
    redshiftNodeCount: cfg.requireNumber('redshiftNodeCount'),
    redshiftDatabase: cfg.require('redshiftDatabase'),
    redshiftAdminUser: cfg.require('redshiftAdminUser'),
    redshiftMayPause: cfg.requireBoolean('redshiftMayPause'),
    snapshotRetentionDays: cfg.requireNumber('snapshotRetentionDays'),
    keepFinalSnapshot: cfg.requireBoolean('keepFinalSnapshot'),
    finalSnapshotSuffix: cfg.require('finalSnapshotSuffix'),
    protectData: cfg.requireBoolean('protectData'),
    forceDestroyBuckets: cfg.requireBoolean('forceDestroyBuckets'),
    logRetentionDays: cfg.requireNumber('logRetentionDays'),
    noncurrentVersionDays: cfg.requireNumber('noncurrentVersionDays'),
    glueWorkers: cfg.requireNumber('glueWorkers'),
    glueTimeoutMinutes: cfg.requireNumber('glueTimeoutMinutes'),
    pipelineSchedule: cfg.require('pipelineSchedule'),
    alertEmail: cfg.get('alertEmail') ?? '',
    manageAccountSingletons: cfg.requireBoolean('manageAccountSingletons'),
    mwaaEnabled: cfg.requireBoolean('mwaaEnabled'),
    mwaaEnvironmentClass: cfg.require('mwaaEnvironmentClass'),
    mwaaAirflowVersion: cfg.require('mwaaAirflowVersion'),
    mwaaMaxWorkers: cfg.requireNumber('mwaaMaxWorkers'),
  });
}
