import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { airflowConfigurationOptions, mwaaLogGroupNames, MwaaSettings, mwaaExecutionPolicy, mwaaLogging, validateMwaa, variableSecretName } from './mwaa.plan';
import { childName } from './naming';
import { assumeRolePolicy } from './policy-document';

export interface MwaaArgs extends MwaaSettings {
  prefix: string;
  vpcId: pulumi.Input<string>;
  /** Two private subnets in different AZs (MWAA needs exactly two). */
  privateSubnetIds: pulumi.Input<string>[];
  kmsKeyArn: pulumi.Input<string>;
  /** Versioned bucket with public access blocked (MWAA refuses others). */
  sourceBucket: { id: pulumi.Input<string>; arn: pulumi.Input<string> };
  /** The DAG file, read by the program: path and SHA-256. */
  dag: { path: string; sha256: string; fileName: string };
  /** requirements.txt, read (and checked against the Airflow version) by the program: path and SHA-256. */
  requirements: { path: string; sha256: string };
  /** The pipeline state machines the DAG may start and watch (one per data product). */
  stateMachineArns: pulumi.Input<string>[];
  /** The Airflow Variables the DAG reads, by name: each becomes a Secrets Manager secret the environment reads. */
  variables: Record<string, pulumi.Input<string>>;
  /** Retention of the environment's five log groups. */
  logRetentionDays: number;
  tags?: Record<string, string>;
}

/**
 * Optional Amazon MWAA environment (private web server, all logs) whose DAG starts a product's
 * pipeline state machine. The DAG and requirements.txt are uploaded by Pulumi (the environment pins the
 * requirements' object version); the DAG's Airflow Variables live in Secrets Manager, read
 * through Airflow's secrets backend by this environment's role and no other.
 */
export class Mwaa extends pulumi.ComponentResource {
  public readonly environmentArn: pulumi.Output<string>;
  public readonly environmentName: string;

  constructor(name: string, args: MwaaArgs, opts?: pulumi.ComponentResourceOptions) {
    super('finlake:infra:Mwaa', name, {}, opts);
    validateMwaa(args);
    if (args.privateSubnetIds.length < 2) throw new Error('MWAA needs two private subnets in different AZs.');
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    this.environmentName = `${args.prefix}-airflow`;

    // MWAA needs a self-referencing security group (all traffic) and egress.
    const sg = new aws.ec2.SecurityGroup(
      childName(name, 'sg'),
      {
        name: `${args.prefix}-airflow`,
        description: 'MWAA: all traffic between its own nodes, HTTPS out',
        vpcId: args.vpcId,
        ingress: [{ description: 'MWAA nodes', protocol: '-1', fromPort: 0, toPort: 0, self: true }],
        egress: [
          { description: 'MWAA nodes', protocol: '-1', fromPort: 0, toPort: 0, self: true },
          { description: 'HTTPS to AWS APIs', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
        ],
        tags: args.tags,
      },
      { parent: this, deleteBeforeReplace: true },
    );

    // MWAA assumes the execution role under both service principals.
    const role = new aws.iam.Role(
      childName(name, 'role'),
      { assumeRolePolicy: JSON.stringify(assumeRolePolicy(['airflow.amazonaws.com', 'airflow-env.amazonaws.com'])), tags: args.tags },
      { parent: this },
    );

    // One secret per Airflow Variable, under the prefix the secrets backend reads (variables only).
    const secrets = Object.entries(args.variables)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => {
        const secret = new aws.secretsmanager.Secret(
          childName(name, 'variable', key.replace(/_/g, '-')),
          {
            name: variableSecretName(this.environmentName, key),
            description: `Airflow variable ${key} of ${this.environmentName}`,
            kmsKeyId: args.kmsKeyArn,
            // Derived from the stack and written again by Pulumi: no recovery window to block a re-create under the same name.
            recoveryWindowInDays: 0,
            tags: args.tags,
          },
          { parent: this, deleteBeforeReplace: true },
        );
        const version = new aws.secretsmanager.SecretVersion(childName(name, 'variable', key.replace(/_/g, '-'), 'value'), { secretId: secret.id, secretString: value }, { parent: secret });
        return { secret, version };
      });

    new aws.iam.RolePolicy(
      childName(name, 'policy'),
      {
        role: role.name,
        policy: pulumi
          .all([partition.partition, region.region, identity.accountId, args.sourceBucket.arn, args.kmsKeyArn, pulumi.all(args.stateMachineArns), pulumi.all(secrets.map((s) => s.secret.arn))])
          .apply(([p, r, a, sourceBucketArn, kmsKeyArn, stateMachineArns, variableSecretArns]) =>
            JSON.stringify(mwaaExecutionPolicy({ partition: p, region: r, accountId: a, environmentName: this.environmentName, sourceBucketArn, kmsKeyArn, stateMachineArns, variableSecretArns })),
          ),
      },
      { parent: role },
    );

    // MWAA syncs the DAG folder (no object version to pin); the hash in the metadata makes a changed file visible in the plan.
    const dag = new aws.s3.BucketObjectv2(
      childName(name, 'dag'),
      { bucket: args.sourceBucket.id, key: `dags/${args.dag.fileName}`, source: new pulumi.asset.FileAsset(args.dag.path), contentType: 'text/x-python', metadata: { sha256: args.dag.sha256 }, tags: args.tags },
      { parent: this },
    );
    // The environment installs the object version it names: a changed file is a new version, hence an environment update.
    const requirements = new aws.s3.BucketObjectv2(
      childName(name, 'requirements'),
      { bucket: args.sourceBucket.id, key: 'requirements.txt', source: new pulumi.asset.FileAsset(args.requirements.path), contentType: 'text/plain', metadata: { sha256: args.requirements.sha256 }, tags: args.tags },
      { parent: this },
    );

    // The five log groups MWAA writes to, created first with retention and the key (MWAA would create them without retention).
    const logGroups = Object.entries(mwaaLogGroupNames(this.environmentName)).map(
      ([type, logName]) =>
        new aws.cloudwatch.LogGroup(childName(name, 'logs', type.replace(/Logs$/, '').toLowerCase()), { name: logName, retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn, tags: args.tags }, { parent: this, deleteBeforeReplace: true }),
    );

    const env = new aws.mwaa.Environment(
      childName(name, 'environment'),
      {
        name: this.environmentName,
        airflowVersion: args.airflowVersion,
        environmentClass: args.environmentClass,
        maxWorkers: args.maxWorkers,
        minWorkers: 1,
        executionRoleArn: role.arn,
        sourceBucketArn: args.sourceBucket.arn,
        dagS3Path: 'dags/',
        requirementsS3Path: requirements.key,
        requirementsS3ObjectVersion: requirements.versionId,
        kmsKey: args.kmsKeyArn,
        webserverAccessMode: 'PRIVATE_ONLY',
        networkConfiguration: { subnetIds: args.privateSubnetIds.slice(0, 2), securityGroupIds: [sg.id] },
        loggingConfiguration: mwaaLogging(),
        airflowConfigurationOptions: airflowConfigurationOptions(this.environmentName),
        tags: args.tags,
      },
      { parent: this, dependsOn: [dag, ...secrets.map((s) => s.version), ...logGroups], deleteBeforeReplace: true },
    );
    this.environmentArn = env.arn;
    this.registerOutputs({ environmentArn: this.environmentArn });
  }
}
