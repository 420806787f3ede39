import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from '@pulumi/policy';
import { PROJECT } from './stack-config';
import type { Rec } from './mocks';

/** What a policy run reports. */
export interface Violation {
  policy: string;
  message: string;
  urn?: string;
}

type Node = Pick<Rec, 'type' | 'name' | 'inputs' | 'id' | 'state'>;

const leaves = (v: unknown, out: string[] = []): string[] => {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => leaves(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => leaves(x, out));
  return out;
};

/**
 * The resource graph as the policy engine would pass it: props are the inputs, and
 * `propertyDependencies` say which resources each input came from. The mocks do not report
 * dependencies, so they are recovered from values: an input that equals another resource's id,
 * ARN or explicit name depends on that resource (ids and ARNs are unique under our mocks).
 */
export function toPolicyResources(nodes: Node[], stack: string): PolicyResource[] {
  const urnOf = (n: Node) => `urn:pulumi:${stack}::${PROJECT}::${n.type}::${n.name}`;
  const byValue = new Map<string, string>();
  for (const n of nodes) {
    for (const v of [n.id, n.state.arn, n.inputs.name !== undefined ? n.state.name : undefined, n.type === 'aws:s3/bucket:Bucket' ? n.state.bucket : undefined])
      if (typeof v === 'string' && v.length > 0 && !byValue.has(v)) byValue.set(v, urnOf(n));
  }
  const resources: PolicyResource[] = nodes.map((n) => {
    const type = n.type;
    return {
      type,
      name: n.name,
      urn: urnOf(n),
      props: n.inputs,
      opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], replaceOnChanges: [] } as unknown as PolicyResource['opts'],
      dependencies: [],
      propertyDependencies: {},
      isType: (c: unknown) => (c as { __pulumiType: string }).__pulumiType === type,
      asType: ((c: unknown) => ((c as { __pulumiType: string }).__pulumiType === type ? n.inputs : undefined)) as PolicyResource['asType'],
    };
  });
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  for (const r of resources) {
    const all = new Set<string>();
    for (const [prop, value] of Object.entries(r.props)) {
      const deps = [...new Set(leaves(value).map((v) => byValue.get(v)).filter((u): u is string => !!u && u !== r.urn))];
      if (deps.length) {
        r.propertyDependencies[prop] = deps.map((u) => byUrn.get(u)!);
        deps.forEach((u) => all.add(u));
      }
    }
    r.dependencies = [...all].map((u) => byUrn.get(u)!);
  }
  return resources;
}

/**
 * Runs policies over a graph as plain functions (there is no engine here; `policy-engine.ts` asks
 * the served pack instead): each resource rule once per resource, honouring the type a rule
 * declares, then each stack rule over all of them.
 */
export async function runPolicies(policies: (ResourceValidationPolicy | StackValidationPolicy)[], resources: PolicyResource[]): Promise<Violation[]> {
  const out: Violation[] = [];
  const notApplicable = (reason?: string): never => {
    throw Object.assign(new Error(reason), { notApplicable: true });
  };
  const common = { stackTags: new Map(), getConfig: <T>() => ({}) as T, notApplicable };
  for (const p of policies) {
    const report = (message: string, urn?: string) => out.push({ policy: p.name, message, urn });
    if ('validateResource' in p && p.validateResource) {
      for (const validate of [p.validateResource].flat()) {
        const only = (validate as { __pulumiType?: string }).__pulumiType;
        for (const r of resources) {
          if (only && r.type !== only) continue;
          try {
            await validate({ ...common, type: r.type, props: r.props, urn: r.urn, name: r.name, opts: r.opts, isType: r.isType, asType: r.asType as never }, report);
          } catch (e) {
            if (!(e as { notApplicable?: boolean }).notApplicable) throw e;
          }
        }
      }
    }
    if ('validateStack' in p && p.validateStack) await p.validateStack({ ...common, resources }, report);
  }
  return out;
}
