import { contains, formatCidr, overlaps, parseCidr, subnetAt } from './cidr';
import { natGatewayCount, planNetwork, validateNetworkInput } from './network.plan';

const az3 = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

describe('cidr', () => {
  it.each([
    ['10.0.0.0/16', 18, 0, '10.0.0.0/18'],
    ['10.0.0.0/16', 18, 3, '10.0.192.0/18'],
    ['10.0.192.0/18', 22, 2, '10.0.200.0/22'],
    ['172.16.0.0/12', 16, 15, '172.31.0.0/16'],
  ])('block %s /%i #%i is %s', (parent, prefix, i, expected) => {
    expect(formatCidr(subnetAt(parseCidr(parent), prefix, i))).toBe(expected);
  });
  it.each([
    ['10.0.0.1/16', 'host bits set: did you mean 10.0.0.0/16'],
    ['10.0.0.0/33', 'not an IPv4 CIDR'],
    ['300.0.0.0/8', 'octets are 0–255'],
    ['10.0.0.0', 'not an IPv4 CIDR'],
  ])('rejects %s', (text, msg) => expect(() => parseCidr(text)).toThrow(msg));
  it('overlap and containment', () => {
    expect(overlaps(parseCidr('10.0.0.0/16'), parseCidr('10.0.255.0/24'))).toBe(true);
    expect(overlaps(parseCidr('10.0.0.0/17'), parseCidr('10.0.128.0/17'))).toBe(false);
    expect(contains(parseCidr('10.0.0.0/16'), parseCidr('10.0.4.0/22'))).toBe(true);
    expect(contains(parseCidr('10.0.0.0/16'), parseCidr('10.1.0.0/22'))).toBe(false);
  });
});

describe('planNetwork', () => {
  it.each([
    // name, azs, nat, NATs, public CIDRs, private CIDRs
    ['dev', 2, 'single', 1, ['10.0.192.0/22', '10.0.196.0/22'], ['10.0.0.0/18', '10.0.64.0/18']],
    ['staging', 3, 'single', 1, ['10.0.192.0/22', '10.0.196.0/22', '10.0.200.0/22'], ['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18']],
    ['prod', 3, 'perAz', 3, ['10.0.192.0/22', '10.0.196.0/22', '10.0.200.0/22'], ['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18']],
    ['prod2', 2, 'perAz', 2, ['10.0.192.0/22', '10.0.196.0/22'], ['10.0.0.0/18', '10.0.64.0/18']],
  ] as const)('%s: %i AZs, nat %s → %i NAT gateways', (name, azCount, nat, nats, publics, privates) => {
    const plan = planNetwork({ name, cidr: '10.0.0.0/16', availabilityZones: az3.slice(0, azCount), nat });
    expect(plan.subnets.filter((s) => s.tier === 'public').map((s) => s.cidr)).toEqual(publics);
    expect(plan.subnets.filter((s) => s.tier === 'private').map((s) => s.cidr)).toEqual(privates);
    expect(plan.natGateways).toHaveLength(nats);
    expect(plan.privateRouteTables).toHaveLength(azCount);
    // Every private route table has a NAT that exists; per AZ it is the one in its own AZ.
    for (const rt of plan.privateRouteTables) {
      const natSpec = plan.natGateways.find((n) => n.name === rt.natName)!;
      expect(natSpec).toBeDefined();
      if (nat === 'perAz') expect(natSpec.az).toBe(rt.az);
      expect(plan.subnets.find((s) => s.name === natSpec.subnetName)!.tier).toBe('public');
    }
  });

  it('derives every name from the component name', () => {
    const plan = planNetwork({ name: 'net', cidr: '10.1.0.0/16', availabilityZones: az3.slice(0, 2), nat: 'single' });
    expect(plan.subnets.map((s) => s.name)).toEqual(['net-public-1', 'net-public-2', 'net-private-1', 'net-private-2']);
    expect(plan.natGateways.map((n) => n.name)).toEqual(['net-nat-1']);
    expect(plan.privateRouteTables.map((r) => [r.name, r.natName])).toEqual([
      ['net-private-rt-1', 'net-nat-1'],
      ['net-private-rt-2', 'net-nat-1'],
    ]);
    expect(plan.publicRouteTableName).toBe('net-public-rt');
  });

  it.each([
    ['single', 3, 1],
    ['perAz', 2, 2],
    ['perAz', 3, 3],
  ] as const)('natGatewayCount(%s, %i) = %i', (nat, azs, n) => expect(natGatewayCount(nat, azs)).toBe(n));

  it('property: subnets never overlap, stay inside the VPC, one public and one private per AZ (seeded random layouts)', () => {
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let k = 0; k < 500; k++) {
      const prefix = 16 + rnd(7);
      const vpc = subnetAt(parseCidr('10.0.0.0/8'), prefix, rnd(2 ** (prefix - 8)));
      const azCount = 2 + rnd(2);
      const plan = planNetwork({ name: 'p', cidr: formatCidr(vpc), availabilityZones: az3.slice(0, azCount), nat: rnd(2) ? 'single' : 'perAz' });
      const blocks = plan.subnets.map((s) => parseCidr(s.cidr));
      blocks.forEach((a, i) => {
        expect(contains(vpc, a)).toBe(true);
        expect(a.prefix).toBeLessThanOrEqual(28);
        blocks.slice(i + 1).forEach((b) => expect([plan.subnets[i].cidr, overlaps(a, b)]).toEqual([plan.subnets[i].cidr, false]));
      });
      for (const az of az3.slice(0, azCount)) expect(plan.subnets.filter((s) => s.az === az).map((s) => s.tier).sort()).toEqual(['private', 'public']);
    }
  });

  it('collects every problem and throws once, saying how to fix it', () => {
    expect(() => validateNetworkInput({ name: 'n', cidr: '10.0.0.0/24', availabilityZones: ['a', 'a', 'b', 'c'], nat: 'single' })).toThrow(
      /Invalid network "n":\n {2}- availabilityZones has 4 entries: give 2 or 3[\s\S]*duplicates[\s\S]*\/24/,
    );
    expect(() => planNetwork({ name: 'n', cidr: '10.0.0.0/16', availabilityZones: ['a'], nat: 'many' as never })).toThrow(/give 2 or 3[\s\S]*use "single"/);
  });
});
