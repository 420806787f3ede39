import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { athenaWorkgroupConfiguration, CRAWLER_SCHEMA_CHANGE_POLICY, fileNameOf, glueJobArguments, GlueJobKey, GlueJobSettings, glueLogGroupNames, glueRolePolicy, JobFile, jobFileObjectKey, planGlueJobs, scriptObjectKey, validateGlueJob } from './etl.plan';
import { childName, glueName } from './naming';
import { assumeRolePolicy } from './policy-document';

export interface EtlArgs {
  prefix: string;
  kmsKeyArn: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** The private subnet (and its AZ) the Glue connection attaches to. */
  subnet: { id: pulumi.Input<string>; az: string };
  buckets: Record<'raw' | 'processed' | 'quarantine' | 'scripts', { id: pulumi.Input<string>; name: pulumi.Input<string>; arn: pulumi.Input<string> }>;
  /** The jobs (one per data product), sharing the database, security configuration, connection, role and crawler. */
  jobs: EtlJobArgs[];
  job: GlueJobSettings;
  /** Data Catalog encryption settings are one per account and Region (B5): only one stack may own them. */
  manageCatalogEncryption: boolean;
  logRetentionDays: number;
  tags?: Record<string, string>;
}

/** One Glue job: what it runs and the files it needs. */
export interface EtlJobArgs extends GlueJobKey {
  /** The job script, read by the program (components do no I/O): path on disk and its SHA-256. */
  script: JobFile;
  /** Python modules the script imports: uploaded beside it and passed as `--extra-py-files`. */
  pyFiles?: JobFile[];
  /** Other files the script opens (the contract JSON): uploaded beside it and passed as `--extra-files`. */
  extraFiles?: JobFile[];
  /** The job's own parameters besides the buckets (e.g. `--contract_path`). */
  jobArguments?: Record<string, string>;
  /**
   * Earlier Pulumi names of this job under the same component (aliases): a renamed job with the
   * same physical name is updated in place instead of created beside the old one, which Glue refuses.
   */
  previousNames?: string[];
}

/**
 * Glue: once per stack a catalog database, a security configuration (S3, CloudWatch, bookmarks
 * under KMS), catalog encryption, a NETWORK connection into a private subnet, the role and a
 * crawler of the processed zone that logs schema changes; per job (one per data product) the job
 * with its script, modules and data files uploaded by Pulumi, each key carrying the file's hash.
 */
export class Etl extends pulumi.ComponentResource {
  /** Physical job names by job key (product). */
  public readonly jobNames: Readonly<Record<string, string>>;
  public readonly databaseName: string;
  public readonly jobArns: Readonly<Record<string, pulumi.Output<string>>>;
  public readonly athenaWorkgroupName: pulumi.Output<string>;

  constructor(name: string, args: EtlArgs, opts?: pulumi.ComponentResourceOptions) {
    super('finlake:infra:Etl', name, {}, opts);
    validateGlueJob(args.job);
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    this.jobNames = planGlueJobs(args.prefix, args.jobs);
    this.databaseName = glueName(args.prefix, 'lake');

    const db = new aws.glue.CatalogDatabase(childName(name, 'db'), { name: this.databaseName, description: `finlake ${args.prefix} processed zone`, tags: args.tags }, { parent: this, deleteBeforeReplace: true });

    const securityConfigurationName = `${args.prefix}-glue`;
    const secCfg = new aws.glue.SecurityConfiguration(
      childName(name, 'security'),
      {
        name: securityConfigurationName,
        encryptionConfiguration: {
          s3Encryption: { s3EncryptionMode: 'SSE-KMS', kmsKeyArn: args.kmsKeyArn },
          cloudwatchEncryption: { cloudwatchEncryptionMode: 'SSE-KMS', kmsKeyArn: args.kmsKeyArn },
          jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: args.kmsKeyArn },
        },
      },
      { parent: this, deleteBeforeReplace: true },
    );

    if (args.manageCatalogEncryption) {
      new aws.glue.DataCatalogEncryptionSettings(
        childName(name, 'catalog-encryption'),
        {
          dataCatalogEncryptionSettings: {
            encryptionAtRest: { catalogEncryptionMode: 'SSE-KMS', sseAwsKmsKeyId: args.kmsKeyArn },
            connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: args.kmsKeyArn },
          },
        },
        { parent: this },
      );
    }

    // Glue needs one security group that opens all TCP to itself (B7), and HTTPS out (S3 via the endpoint).
    const sg = new aws.ec2.SecurityGroup(
      childName(name, 'sg'),
      {
        name: `${args.prefix}-glue`,
        description: 'Glue workers: all TCP between themselves, HTTPS out',
        vpcId: args.vpcId,
        ingress: [{ description: 'Glue workers talk to each other', protocol: 'tcp', fromPort: 0, toPort: 65535, self: true }],
        egress: [
          { description: 'Glue workers talk to each other', protocol: 'tcp', fromPort: 0, toPort: 65535, self: true },
          { description: 'HTTPS to AWS APIs', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
        ],
        tags: args.tags,
      },
      { parent: this, deleteBeforeReplace: true },
    );
    const connection = new aws.glue.Connection(
      childName(name, 'vpc'),
      {
        name: `${args.prefix}-vpc`,
        connectionType: 'NETWORK',
        physicalConnectionRequirements: { availabilityZone: args.subnet.az, subnetId: args.subnet.id, securityGroupIdLists: [sg.id] },
        tags: args.tags,
      },
      { parent: this, deleteBeforeReplace: true },
    );

    // Named, because Glue names its log groups after the role (glueLogGroupNames).
    const roleName = `${args.prefix}-glue`;
    const role = new aws.iam.Role(
      childName(name, 'role'),
      { name: roleName, assumeRolePolicy: JSON.stringify(assumeRolePolicy('glue.amazonaws.com')), tags: args.tags },
      { parent: this, deleteBeforeReplace: true },
    );
    // The log groups Glue writes to under the security configuration, created first with retention
    // and the key (Glue would create them without retention). All jobs share the role, hence the groups.
    const logNames = glueLogGroupNames(securityConfigurationName, roleName);
    const logGroup = (n: string, part: string) =>
      new aws.cloudwatch.LogGroup(childName(name, 'logs', part), { name: n, retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn, tags: args.tags }, { parent: this, deleteBeforeReplace: true });
    const jobLogGroups = logNames.jobs.map((n) => logGroup(n, `jobs-${n.split('/').pop()}`));
    const crawlerLogGroup = logGroup(logNames.crawler, 'crawler');
    const b = args.buckets;
    new aws.iam.RolePolicy(
      childName(name, 'policy'),
      {
        role: role.name,
        policy: pulumi
          .all([partition.partition, region.region, identity.accountId, b.raw.arn, b.processed.arn, b.quarantine.arn, b.scripts.arn, args.kmsKeyArn])
          .apply(([p, r, a, raw, processed, quarantine, scripts, key]) =>
            JSON.stringify(
              glueRolePolicy({ partition: p, region: r, accountId: a, rawBucketArn: raw, processedBucketArn: processed, quarantineBucketArn: quarantine, scriptsBucketArn: scripts, kmsKeyArn: key, databaseName: this.databaseName }),
            ),
          ),
      },
      { parent: role },
    );

    const jobArns: Record<string, pulumi.Output<string>> = {};
    for (const j of args.jobs) {
      const jobName = this.jobNames[j.key]!;
      const child = (...parts: string[]) => childName(name, j.key, ...parts);
      const script = new aws.s3.BucketObjectv2(
        child('script'),
        { bucket: b.scripts.id, key: scriptObjectKey(jobName, j.script.sha256), source: new pulumi.asset.FileAsset(j.script.path), contentType: 'text/x-python', tags: args.tags },
        { parent: this },
      );
      // Each extra file under a key with its hash: an edited module or contract is a new object and a new job definition.
      const upload = (file: JobFile, contentType: string) => {
        const fileName = fileNameOf(file.path);
        return new aws.s3.BucketObjectv2(
          child('file', fileName.replace(/[^A-Za-z0-9]+/g, '-')),
          { bucket: b.scripts.id, key: jobFileObjectKey(jobName, fileName, file.sha256), source: new pulumi.asset.FileAsset(file.path), contentType, tags: args.tags },
          { parent: this },
        );
      };
      const pyFiles = (j.pyFiles ?? []).map((f) => upload(f, 'text/x-python'));
      const extraFiles = (j.extraFiles ?? []).map((f) => upload(f, f.path.endsWith('.json') ? 'application/json' : 'application/octet-stream'));
      const defaultArguments = pulumi
        .all([b.scripts.name, b.raw.name, b.processed.name, b.quarantine.name, pulumi.all(pyFiles.map((o) => o.key)), pulumi.all(extraFiles.map((o) => o.key))])
        .apply(([scripts, raw, processed, quarantine, pyFileKeys, extraFileKeys]) =>
          glueJobArguments({
            scriptsBucket: scripts,
            pyFileKeys,
            extraFileKeys,
            jobArguments: { '--raw_bucket': raw, '--processed_bucket': processed, '--quarantine_bucket': quarantine, ...j.jobArguments },
          }),
        );

      const job = new aws.glue.Job(
        child('job'),
        {
          name: jobName,
          roleArn: role.arn,
          glueVersion: args.job.glueVersion,
          command: { name: 'glueetl', pythonVersion: '3', scriptLocation: pulumi.interpolate`s3://${b.scripts.name}/${script.key}` },
          workerType: args.job.workerType,
          numberOfWorkers: args.job.numberOfWorkers,
          timeout: args.job.timeoutMinutes,
          maxRetries: args.job.maxRetries,
          executionProperty: { maxConcurrentRuns: 1 },
          securityConfiguration: secCfg.name,
          connections: [connection.name],
          defaultArguments,
          tags: args.tags,
        },
        { parent: this, aliases: (j.previousNames ?? []).map((n) => ({ name: n })), dependsOn: jobLogGroups, deleteBeforeReplace: true },
      );
      jobArns[j.key] = job.arn;
    }
    this.jobArns = jobArns;

    new aws.glue.Crawler(
      childName(name, 'crawler'),
      {
        name: `${args.prefix}-processed`,
        role: role.arn,
        databaseName: db.name,
        s3Targets: [{ path: pulumi.interpolate`s3://${b.processed.name}/` }],
        schemaChangePolicy: { ...CRAWLER_SCHEMA_CHANGE_POLICY },
        securityConfiguration: secCfg.name,
        configuration: JSON.stringify({ Version: 1.0, CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } } }),
        tags: args.tags,
      },
      { parent: this, dependsOn: [crawlerLogGroup], deleteBeforeReplace: true },
    );
    // Athena over the same catalog (the serverless products query the lake's Parquet with it).
    const workgroup = new aws.athena.Workgroup(
      childName(name, 'athena'),
      {
        name: `${args.prefix}-analytics`,
        description: `finlake ${args.prefix}: queries over the processed zone`,
        state: 'ENABLED',
        forceDestroy: false,
        configuration: pulumi.all([args.buckets.processed.name, args.kmsKeyArn]).apply(([bucket, key]) => athenaWorkgroupConfiguration(bucket, key)),
        tags: args.tags,
      },
      { parent: this, deleteBeforeReplace: true },
    );
    this.athenaWorkgroupName = workgroup.name;

    this.registerOutputs({ jobNames: this.jobNames, databaseName: this.databaseName, athenaWorkgroupName: this.athenaWorkgroupName });
  }
}
