import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { childName } from './naming';
import { NatStrategy, planNetwork } from './network.plan';
import { assumeRolePolicy, flowLogsPolicy } from './policy-document';

export interface NetworkArgs {
  /** Physical-name prefix, e.g. `finlake-dev`: physical names must not collide across stacks in one account. */
  prefix: string;
  cidr: string;
  availabilityZones: string[];
  nat: NatStrategy;
  /** KMS key that encrypts the flow-log group. */
  kmsKeyArn: pulumi.Input<string>;
  flowLogRetentionDays: number;
  tags?: Record<string, string>;
}

/**
 * VPC over 2–3 AZs from raw @pulumi/aws resources (awsx's Vpc is a remote component and its
 * children never reach the mocks): public and private subnets, an internet gateway, NAT per
 * strategy, one route table per private subnet with the S3 gateway endpoint attached to all of
 * them, flow logs to an encrypted log group, and the default security group stripped of rules.
 */
export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly vpcCidr: string;
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly privateSubnetIds: pulumi.Output<string>[];
  /** Private subnets with their AZ (Glue connections need both). */
  public readonly privateSubnets: { id: pulumi.Output<string>; az: string }[];
  public readonly privateRouteTableIds: pulumi.Output<string>[];
  public readonly s3EndpointId: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('finlake:infra:Network', name, {}, opts);
    const plan = planNetwork({ name, cidr: args.cidr, availabilityZones: args.availabilityZones, nat: args.nat });
    const tags = (n: string) => ({ ...args.tags, Name: n });
    const region = aws.getRegionOutput({}, { parent: this }).region;

    const vpc = new aws.ec2.Vpc(childName(name, 'vpc'), { cidrBlock: plan.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags(name) }, { parent: this });
    this.vpcId = vpc.id;
    this.vpcCidr = plan.vpcCidr;

    // The default security group cannot be deleted; adopting it with no rules strips it (SH EC2.2).
    new aws.ec2.DefaultSecurityGroup(childName(name, 'default-sg'), { vpcId: vpc.id, ingress: [], egress: [], tags: tags(childName(name, 'default-sg')) }, { parent: vpc });

    // Always created: NAT gateways need it for their own egress.
    const igw = new aws.ec2.InternetGateway(childName(name, 'igw'), { vpcId: vpc.id, tags: tags(childName(name, 'igw')) }, { parent: vpc });

    const subnets = new Map<string, aws.ec2.Subnet>();
    for (const s of plan.subnets) {
      subnets.set(
        s.name,
        new aws.ec2.Subnet(
          s.name,
          { vpcId: vpc.id, cidrBlock: s.cidr, availabilityZone: s.az, mapPublicIpOnLaunch: false, tags: { ...tags(s.name), tier: s.tier } },
          { parent: vpc },
        ),
      );
    }
    const publicSubnets = plan.subnets.filter((s) => s.tier === 'public');
    const privateSubnets = plan.subnets.filter((s) => s.tier === 'private');
    this.publicSubnetIds = publicSubnets.map((s) => subnets.get(s.name)!.id);
    this.privateSubnetIds = privateSubnets.map((s) => subnets.get(s.name)!.id);
    this.privateSubnets = privateSubnets.map((s) => ({ id: subnets.get(s.name)!.id, az: s.az }));

    const publicRt = new aws.ec2.RouteTable(plan.publicRouteTableName, { vpcId: vpc.id, tags: tags(plan.publicRouteTableName) }, { parent: vpc });
    new aws.ec2.Route(childName(plan.publicRouteTableName, 'default'), { routeTableId: publicRt.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id }, { parent: publicRt });
    for (const s of publicSubnets) {
      new aws.ec2.RouteTableAssociation(childName(s.name, 'rta'), { subnetId: subnets.get(s.name)!.id, routeTableId: publicRt.id }, { parent: publicRt });
    }

    const nats = new Map<string, aws.ec2.NatGateway>();
    for (const n of plan.natGateways) {
      const subnet = subnets.get(n.subnetName)!;
      const eip = new aws.ec2.Eip(childName(n.name, 'eip'), { domain: 'vpc', tags: tags(childName(n.name, 'eip')) }, { parent: subnet });
      nats.set(
        n.name,
        new aws.ec2.NatGateway(n.name, { subnetId: subnet.id, allocationId: eip.id, connectivityType: 'public', tags: tags(n.name) }, { parent: subnet, dependsOn: [igw] }),
      );
    }

    const privateRts = plan.privateRouteTables.map((rt) => {
      const table = new aws.ec2.RouteTable(rt.name, { vpcId: vpc.id, tags: tags(rt.name) }, { parent: vpc });
      new aws.ec2.Route(childName(rt.name, 'default'), { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nats.get(rt.natName)!.id }, { parent: table });
      new aws.ec2.RouteTableAssociation(childName(rt.subnetName, 'rta'), { subnetId: subnets.get(rt.subnetName)!.id, routeTableId: table.id }, { parent: table });
      return table;
    });
    this.privateRouteTableIds = privateRts.map((t) => t.id);

    // S3 traffic of Redshift (enhanced VPC routing) and Glue stays on the AWS network.
    const s3Endpoint = new aws.ec2.VpcEndpoint(
      childName(name, 's3-endpoint'),
      { vpcId: vpc.id, serviceName: pulumi.interpolate`com.amazonaws.${region}.s3`, vpcEndpointType: 'Gateway', routeTableIds: this.privateRouteTableIds, tags: tags(childName(name, 's3-endpoint')) },
      { parent: vpc },
    );
    this.s3EndpointId = s3Endpoint.id;

    const flowLogGroup = new aws.cloudwatch.LogGroup(
      childName(name, 'flow-logs'),
      { name: `/finlake/${args.prefix}/vpc-flow-logs`, retentionInDays: args.flowLogRetentionDays, kmsKeyId: args.kmsKeyArn, tags: tags(childName(name, 'flow-logs')) },
      { parent: this, deleteBeforeReplace: true },
    );
    const flowRole = new aws.iam.Role(
      childName(name, 'flow-logs-role'),
      { assumeRolePolicy: JSON.stringify(assumeRolePolicy('vpc-flow-logs.amazonaws.com')), tags: args.tags },
      { parent: flowLogGroup },
    );
    new aws.iam.RolePolicy(
      childName(name, 'flow-logs-policy'),
      { role: flowRole.name, policy: flowLogGroup.arn.apply((arn) => JSON.stringify(flowLogsPolicy(arn))) },
      { parent: flowRole },
    );
    new aws.ec2.FlowLog(
      childName(name, 'flow-log'),
      { vpcId: vpc.id, trafficType: 'ALL', logDestinationType: 'cloud-watch-logs', logDestination: flowLogGroup.arn, iamRoleArn: flowRole.arn, tags: tags(childName(name, 'flow-log')) },
      { parent: flowLogGroup },
    );

    this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds, publicSubnetIds: this.publicSubnetIds, s3EndpointId: this.s3EndpointId });
  }
}
