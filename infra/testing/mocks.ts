import * as pulumi from '@pulumi/pulumi';
import { engineConfig, PROJECT, StackName } from './stack-config';

export const ACCOUNT = '123456789012';
const SECRET_SIG = pulumi.runtime.specialSigKey;
const SECRET_VALUE = pulumi.runtime.specialSecretSig;

/** One resource as the mocks saw it. */
export interface Rec {
  type: string;
  name: string;
  /** `type::name` of the parent (components included); undefined for top-level resources. */
  parent?: string;
  custom: boolean;
  /** `protect` / `retainOnDelete` resource options (seen by the stack transformation). */
  protect?: boolean;
  retainOnDelete?: boolean;
  /** `deleteBeforeReplace` resource option (seen by the stack transformation). */
  deleteBeforeReplace?: boolean;
  /** Earlier names the resource answers to (`aliases` with a name), seen by the stack transformation. */
  aliases?: string[];
  /** `type::name` of the resources named in `dependsOn` (seen by the stack transformation). */
  dependsOn?: string[];
  /** Inputs, resolved, keys sorted; resource objects replaced by `{ $ref }`. */
  inputs: Record<string, unknown>;
  id: string;
  state: Record<string, unknown>;
}

function norm(v: unknown): unknown {
  const o = v as object;
  // An asset's path is a promise; the object key already carries the content hash.
  if (pulumi.asset.Asset.isInstance(o) || pulumi.asset.Archive.isInstance(o)) return { $asset: o.constructor.name };
  if (pulumi.Resource.isInstance(o)) {
    const r = o as unknown as { __pulumiType: string; __name: string };
    return { $ref: `${r.__pulumiType}::${r.__name}` };
  }
  // A Pulumi secret reaches the mocks as its wire form: keep that it is secret, never the value.
  if (v && typeof v === 'object' && (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE) return '[secret]';
  if (Array.isArray(v)) return v.map(norm);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, norm((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** Realistic outputs per type token: what the provider would compute (ids, ARNs, endpoints). */
function outputsFor(type: string, name: string, inputs: Record<string, unknown>, region: string): { id: string; state: Record<string, unknown> } {
  const svc = type.split(':')[1].split('/')[0];
  const named = (inputs.name as string | undefined) ?? name;
  const state: Record<string, unknown> = { ...inputs, name: named, tagsAll: inputs.tags };
  let id = `${name}-id`;
  const arn = (resource: string, service = svc, r: string = region) => `arn:aws:${service}:${r}:${ACCOUNT}:${resource}`;
  switch (type) {
    case 'aws:s3/bucket:Bucket':
      state.bucket = inputs.bucket ?? `${name}-bkt`;
      state.arn = `arn:aws:s3:::${state.bucket}`;
      state.bucketRegionalDomainName = `${state.bucket}.s3.${region}.amazonaws.com`;
      id = state.bucket as string;
      break;
    case 'aws:kms/key:Key':
      state.keyId = `${name}-0000-4000-8000-000000000000`;
      state.arn = arn(`key/${state.keyId}`);
      id = state.keyId as string;
      break;
    case 'aws:redshift/cluster:Cluster': {
      const cid = inputs.clusterIdentifier as string;
      state.dnsName = `${cid}.c1a2b3c4d5e6.${region}.redshift.amazonaws.com`;
      state.endpoint = `${state.dnsName}:5439`;
      state.port = 5439;
      state.masterPasswordSecretArn = arn(`secret:redshift!${cid}-${inputs.masterUsername}-AbCdEf`, 'secretsmanager');
      state.arn = arn(`cluster:${cid}`, 'redshift');
      id = cid;
      break;
    }
    case 'aws:sns/topic:Topic':
      state.arn = arn(named);
      id = state.arn as string;
      break;
    case 'aws:cloudwatch/logGroup:LogGroup':
      state.arn = arn(`log-group:${named}`, 'logs');
      id = named;
      break;
    case 'aws:iam/role:Role':
      state.arn = `arn:aws:iam::${ACCOUNT}:role/${named}`;
      id = named;
      break;
    case 'aws:sfn/stateMachine:StateMachine':
      state.arn = arn(`stateMachine:${named}`, 'states');
      id = state.arn as string;
      break;
    case 'aws:sqs/queue:Queue':
      state.arn = arn(named, 'sqs');
      state.url = `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${named}`;
      id = state.url as string;
      break;
    case 'aws:glue/job:Job':
      state.arn = arn(`job/${named}`, 'glue');
      id = named;
      break;
    case 'aws:ec2/vpc:Vpc':
      state.arn = arn(`vpc/${id}`, 'ec2');
      state.defaultSecurityGroupId = `${name}-default-sg-id`;
      break;
    case 'aws:s3/bucketObjectv2:BucketObjectv2':
      state.versionId = 'v1';
      state.etag = 'mock-etag';
      delete state.source; // an asset; the key already carries the content hash
      break;
    default:
      state.arn ??= arn(`${type.split(':')[2].toLowerCase()}/${named}`);
  }
  return { id, state };
}

/**
 * Installs the mocks for `stack`, with the configuration the engine would give it. Await before
 * importing the program. With `preview`, the run is a first preview: nothing exists yet, so a new
 * resource's outputs are its inputs and every computed output (id, ARN, endpoint...) is unknown,
 * as a provider's Create preview reports them.
 */
export async function installMocks(stack: StackName, { preview = false }: { preview?: boolean } = {}) {
  const records: Rec[] = [];
  const unmocked: string[] = [];
  const config = engineConfig(stack);
  const region = config['aws:region'];
  pulumi.runtime.setAllConfig(config);
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        const out = preview ? { id: '', state: { ...a.inputs } } : outputsFor(a.type, a.name, a.inputs, region);
        records.push({ type: a.type, name: a.name, custom: a.custom ?? true, inputs: norm(a.inputs) as Record<string, unknown>, id: out.id, state: out.state });
        return out;
      },
      call: (a) => {
        switch (a.token) {
          case 'aws:index/getAvailabilityZones:getAvailabilityZones':
            return { names: ['a', 'b', 'c'].map((x) => `${region}${x}`), zoneIds: ['euw1-az1', 'euw1-az2', 'euw1-az3'], id: region };
          case 'aws:index/getRegion:getRegion':
            return { region, name: region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
          case 'aws:index/getCallerIdentity:getCallerIdentity':
            return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/mock`, userId: 'MOCK', id: ACCOUNT };
          case 'aws:index/getPartition:getPartition':
            return { partition: 'aws', dnsSuffix: 'amazonaws.com', id: 'aws', reverseDnsPrefix: 'com.amazonaws' };
        }
        // Throwing here would crash the jest worker; record and assert empty instead.
        unmocked.push(a.token);
        return {};
      },
    },
    PROJECT,
    stack,
    preview,
  );
  return { records, unmocked, config };
}
