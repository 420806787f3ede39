import { formatCidr, parseCidr, subnetAt } from './cidr';
import { childName } from './naming';

export type NatStrategy = 'single' | 'perAz';
export type Tier = 'public' | 'private';

export interface NetworkPlanInput {
  /** Component name; every child name derives from it. */
  name: string;
  /** VPC CIDR, /16 to /22. */
  cidr: string;
  /** Availability zone names, 2 or 3, distinct. */
  availabilityZones: string[];
  nat: NatStrategy;
}

export interface SubnetSpec {
  name: string;
  tier: Tier;
  az: string;
  azIndex: number;
  cidr: string;
}

export interface NatSpec {
  name: string;
  az: string;
  /** Name of the public subnet it lives in. */
  subnetName: string;
}

export interface PrivateRouteTableSpec {
  name: string;
  az: string;
  subnetName: string;
  /** Name of the NAT gateway its default route uses. */
  natName: string;
}

export interface NetworkPlan {
  vpcCidr: string;
  subnets: SubnetSpec[];
  natGateways: NatSpec[];
  publicRouteTableName: string;
  privateRouteTables: PrivateRouteTableSpec[];
}

/**
 * Layout (for a /16): the VPC is cut in quarters. Private subnet i is quarter i (a /18, room for
 * Redshift, Glue and MWAA ENIs); the fourth quarter is cut into /22s and public subnet i is the
 * i-th of those (public subnets only hold NAT gateways and load balancers). Up to 3 AZs fit, and
 * the rest of the fourth quarter stays free for later tiers.
 */
export const PRIVATE_NEWBITS = 2;
export const PUBLIC_NEWBITS = 6;

/** Checks the input; collects every problem and throws once, with how to fix each. */
export function validateNetworkInput(input: NetworkPlanInput): void {
  const problems: string[] = [];
  const azs = input.availabilityZones;
  if (azs.length < 2 || azs.length > 3) problems.push(`availabilityZones has ${azs.length} entries: give 2 or 3 (Redshift subnet groups and MWAA need at least 2).`);
  if (new Set(azs).size !== azs.length) problems.push(`availabilityZones has duplicates (${azs.join(', ')}): each AZ once.`);
  try {
    const c = parseCidr(input.cidr);
    if (c.prefix < 16 || c.prefix > 22) problems.push(`cidr ${input.cidr} is a /${c.prefix}: AWS allows /16 to /28 for a VPC, and this layout needs /16 to /22 (public subnets are /${c.prefix + PUBLIC_NEWBITS} at most /28).`);
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (input.nat !== 'single' && input.nat !== 'perAz') problems.push(`nat is "${String(input.nat)}": use "single" (one NAT, cheaper, dev) or "perAz" (one per AZ, survives an AZ outage, prod).`);
  if (problems.length) throw new Error(`Invalid network "${input.name}":\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** How many NAT gateways a strategy gives for `azCount` AZs. */
export function natGatewayCount(nat: NatStrategy, azCount: number): number {
  return nat === 'perAz' ? azCount : 1;
}

/** The whole network as plain records; the component only loops over them. */
export function planNetwork(input: NetworkPlanInput): NetworkPlan {
  validateNetworkInput(input);
  const vpc = parseCidr(input.cidr);
  const lastQuarter = subnetAt(vpc, vpc.prefix + PRIVATE_NEWBITS, 3);
  const subnets: SubnetSpec[] = [];
  input.availabilityZones.forEach((az, i) => {
    subnets.push({ name: childName(input.name, 'public', i + 1), tier: 'public', az, azIndex: i, cidr: formatCidr(subnetAt(lastQuarter, vpc.prefix + PUBLIC_NEWBITS, i)) });
  });
  input.availabilityZones.forEach((az, i) => {
    subnets.push({ name: childName(input.name, 'private', i + 1), tier: 'private', az, azIndex: i, cidr: formatCidr(subnetAt(vpc, vpc.prefix + PRIVATE_NEWBITS, i)) });
  });
  const publics = subnets.filter((s) => s.tier === 'public');
  const natGateways: NatSpec[] = publics
    .slice(0, natGatewayCount(input.nat, input.availabilityZones.length))
    .map((s) => ({ name: childName(input.name, 'nat', s.azIndex + 1), az: s.az, subnetName: s.name }));
  const privateRouteTables = subnets
    .filter((s) => s.tier === 'private')
    .map((s) => {
      // Same-AZ NAT when there is one (no cross-AZ data charges, no shared fate); else the single NAT.
      const nat = natGateways.find((n) => n.az === s.az) ?? natGateways[0];
      return { name: childName(input.name, 'private-rt', s.azIndex + 1), az: s.az, subnetName: s.name, natName: nat.name };
    });
  return { vpcCidr: formatCidr(vpc), subnets, natGateways, publicRouteTableName: childName(input.name, 'public-rt'), privateRouteTables };
}
