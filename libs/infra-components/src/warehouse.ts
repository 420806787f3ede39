import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { childName, clusterIdentifier } from './naming';
import { assumeRolePolicy, redshiftCopyPolicy } from './policy-document';
import { AUDIT_LOG_TYPES, auditLogGroupName, clusterShape, deletionPolicy, REDSHIFT_PORT, WAREHOUSE_PARAMETERS } from './warehouse.plan';

export interface WarehouseArgs {
  prefix: string;
  vpcId: pulumi.Input<string>;
  vpcCidr: string;
  privateSubnetIds: pulumi.Input<string>[];
  kmsKeyArn: pulumi.Input<string>;
  processedBucketArn: pulumi.Input<string>;
  nodeType: string;
  numberOfNodes: number;
  databaseName: string;
  masterUsername: string;
  snapshotRetentionDays: number;
  /** Prod: keep a final snapshot on delete and protect the cluster. */
  keepFinalSnapshot: boolean;
  /** Fixed suffix of the final snapshot name (kept in config so it does not change per run). */
  finalSnapshotSuffix: string;
  logRetentionDays: number;
  tags?: Record<string, string>;
}

/**
 * Provisioned Redshift in a private subnet group across the VPC's AZs: not public, KMS-encrypted,
 * enhanced VPC routing, TLS required, audit logs to encrypted CloudWatch log groups, admin
 * password generated and kept by Secrets Manager (never in state), COPY role reading only the
 * processed bucket.
 */
export class Warehouse extends pulumi.ComponentResource {
  public readonly cluster: aws.redshift.Cluster;
  public readonly clusterIdentifier: string;
  public readonly endpoint: pulumi.Output<string>;
  public readonly secretArn: pulumi.Output<string>;
  public readonly copyRoleArn: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: WarehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('finlake:infra:Warehouse', name, {}, opts);
    if (args.snapshotRetentionDays < 7) throw new Error(`snapshotRetentionDays is ${args.snapshotRetentionDays}: keep at least 7 days (SH Redshift.3).`);
    if (args.masterUsername === 'awsuser' || args.databaseName === 'dev') throw new Error('Use a non-default admin user (not awsuser) and database (not dev) (SH Redshift.8).');
    const shape = clusterShape({ nodeType: args.nodeType, numberOfNodes: args.numberOfNodes });
    const id = clusterIdentifier(args.prefix);
    this.clusterIdentifier = id;
    const deletion = deletionPolicy(args.keepFinalSnapshot, id, args.finalSnapshotSuffix);

    const subnetGroup = new aws.redshift.SubnetGroup(childName(name, 'subnets'), { name: `${id}-subnets`, subnetIds: args.privateSubnetIds, tags: args.tags }, { parent: this, deleteBeforeReplace: true });
    const sg = new aws.ec2.SecurityGroup(
      childName(name, 'sg'),
      {
        name: `${id}-sg`,
        description: `Redshift ${id}: ${REDSHIFT_PORT} from inside the VPC only`,
        vpcId: args.vpcId,
        ingress: [{ description: 'Redshift from the VPC', protocol: 'tcp', fromPort: REDSHIFT_PORT, toPort: REDSHIFT_PORT, cidrBlocks: [args.vpcCidr] }],
        egress: [{ description: 'HTTPS to AWS APIs (S3 via the gateway endpoint)', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }],
        tags: args.tags,
      },
      { parent: this, deleteBeforeReplace: true },
    );
    this.securityGroupId = sg.id;

    const params = new aws.redshift.ParameterGroup(
      childName(name, 'params'),
      { name: `${id}-params`, family: 'redshift-1.0', parameters: WAREHOUSE_PARAMETERS.map((p) => ({ ...p })), tags: args.tags },
      { parent: this, deleteBeforeReplace: true },
    );

    const copyRole = new aws.iam.Role(childName(name, 'copy-role'), { assumeRolePolicy: JSON.stringify(assumeRolePolicy('redshift.amazonaws.com')), tags: args.tags }, { parent: this });
    new aws.iam.RolePolicy(
      childName(name, 'copy-policy'),
      {
        role: copyRole.name,
        policy: pulumi.all([args.processedBucketArn, args.kmsKeyArn]).apply(([processedBucketArn, kmsKeyArn]) => JSON.stringify(redshiftCopyPolicy({ processedBucketArn, kmsKeyArn }))),
      },
      { parent: copyRole },
    );
    this.copyRoleArn = copyRole.arn;

    // Created before the cluster so Redshift writes into encrypted groups with retention.
    const logGroups = AUDIT_LOG_TYPES.map(
      (t) =>
        new aws.cloudwatch.LogGroup(
          childName(name, 'audit', t),
          { name: auditLogGroupName(id, t), retentionInDays: args.logRetentionDays, kmsKeyId: args.kmsKeyArn, tags: args.tags },
          { parent: this, deleteBeforeReplace: true },
        ),
    );

    this.cluster = new aws.redshift.Cluster(
      childName(name, 'cluster'),
      {
        clusterIdentifier: id,
        databaseName: args.databaseName,
        masterUsername: args.masterUsername,
        manageMasterPassword: true,
        masterPasswordSecretKmsKeyId: args.kmsKeyArn,
        nodeType: args.nodeType,
        ...shape,
        clusterSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [sg.id],
        clusterParameterGroupName: params.name,
        publiclyAccessible: false,
        enhancedVpcRouting: true,
        encrypted: 'true',
        kmsKeyId: args.kmsKeyArn,
        iamRoles: [copyRole.arn],
        defaultIamRoleArn: copyRole.arn,
        automatedSnapshotRetentionPeriod: args.snapshotRetentionDays,
        allowVersionUpgrade: true,
        port: REDSHIFT_PORT,
        skipFinalSnapshot: deletion.skipFinalSnapshot,
        finalSnapshotIdentifier: deletion.finalSnapshotIdentifier,
        tags: args.tags,
      },
      { parent: this, protect: deletion.protect, dependsOn: logGroups },
    );
    new aws.redshift.Logging(
      childName(name, 'audit-logging'),
      { clusterIdentifier: this.cluster.clusterIdentifier, logDestinationType: 'cloudwatch', logExports: [...AUDIT_LOG_TYPES] },
      { parent: this.cluster },
    );
    this.endpoint = this.cluster.endpoint;
    this.secretArn = this.cluster.masterPasswordSecretArn;
    this.registerOutputs({ endpoint: this.endpoint, secretArn: this.secretArn, copyRoleArn: this.copyRoleArn });
  }
}
