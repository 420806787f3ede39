import * as grpc from '@grpc/grpc-js';
import * as pulumi from '@pulumi/pulumi';
import * as analyzerrpc from '@pulumi/pulumi/proto/analyzer_grpc_pb';
import * as analyzerproto from '@pulumi/pulumi/proto/analyzer_pb';
import { Struct } from 'google-protobuf/google/protobuf/struct_pb';
import { installMocks } from './mocks';
import type { StackName } from './stack-config';

/**
 * The policy pack as the Pulumi engine runs it: the program registers its resources (under mocks,
 * as a first preview where nothing exists and every computed output is unknown), each
 * registration is kept in its wire form (properties with the engine's unknown sentinel, URN,
 * dependencies and property dependencies as the SDK reports them), and the real policy pack
 * (`infra/policy/index.ts`, a PolicyPack serving gRPC) is asked over its Analyzer service:
 * `Analyze` once per resource, then `AnalyzeStack` over all of them.
 */

/** One resource as the engine passes it to an analyzer. */
export interface EngineResource {
  type: string;
  name: string;
  urn: string;
  parent?: string;
  /** Inputs in wire form: unknown values are the engine's sentinel string. */
  inputs: Record<string, unknown>;
  dependencies: string[];
  /** Input name → URNs of the resources its value came from. */
  propertyDependencies: Record<string, string[]>;
}

/** The sentinel the engine sends for a value that is unknown during preview. */
export const UNKNOWN = pulumi.runtime.unknownValue;

interface MonitorLike {
  registerResource(req: RegisterRequest, cb: (err: unknown, res?: { getUrn(): string }) => void): Promise<void>;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(f: (v: { getUrnsList(): string[] }, k: string) => void): void };
}

/**
 * Builds the program of `stack` as a first preview and returns its custom resources as the engine
 * would hand them to a policy pack. Call once per process (Pulumi's runtime state is global).
 */
export async function capturePreview(stack: StackName): Promise<EngineResource[]> {
  await installMocks(stack, { preview: true });
  const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
  const seen: EngineResource[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) =>
    register(req, (err, res) => {
      if (!err && res && req.getCustom()) {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((v, k) => {
          if (v.getUrnsList().length) propertyDependencies[k] = v.getUrnsList();
        });
        seen.push({
          type: req.getType(),
          name: req.getName(),
          urn: res.getUrn(),
          parent: req.getParent() || undefined,
          inputs: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
          dependencies: req.getDependenciesList(),
          propertyDependencies,
        });
      }
      cb(err, res);
    });
  const { loadConfig } = await import('../config');
  const { build } = await import('../program');
  await pulumi.runtime.runInPulumiStack(async () => {
    build(loadConfig());
    return {};
  });
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return seen.filter((r) => !r.type.startsWith('pulumi:providers:')).sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type.localeCompare(b.type)));
}

export type Level = 'advisory' | 'mandatory' | 'disabled' | 'remediate';
const LEVELS: Record<number, Level> = {
  [analyzerproto.EnforcementLevel.ADVISORY]: 'advisory',
  [analyzerproto.EnforcementLevel.MANDATORY]: 'mandatory',
  [analyzerproto.EnforcementLevel.DISABLED]: 'disabled',
  [analyzerproto.EnforcementLevel.REMEDIATE]: 'remediate',
};

/** One diagnostic of the pack, with the call that produced it. */
export interface Diagnostic {
  call: 'analyze' | 'analyzeStack';
  policy: string;
  level: Level;
  urn?: string;
  message: string;
}

export interface ServedPack {
  /** Analyze each resource, then the stack, as the engine does in a preview. */
  run(resources: EngineResource[]): Promise<Diagnostic[]>;
  close(): void;
}

/**
 * Loads `infra/policy/index.ts` (which constructs the PolicyPack, so it starts the pack's gRPC
 * server and prints its port) and connects to it as the engine's analyzer client.
 */
export async function servePolicyPack(): Promise<ServedPack> {
  const bind = grpc.Server.prototype.bindAsync;
  const servers: grpc.Server[] = [];
  const port = new Promise<number>((resolve, reject) => {
    grpc.Server.prototype.bindAsync = function (this: grpc.Server, addr: string, creds: grpc.ServerCredentials, cb: (e: Error | null, p: number) => void) {
      servers.push(this);
      return bind.call(this, addr, creds, (e: Error | null, p: number) => {
        if (e) reject(e);
        else resolve(p);
        cb(e, p);
      });
    };
  });
  // The pack announces its port on stdout for the engine; keep that out of the test output.
  const log = console.log;
  console.log = () => undefined;
  try {
    await import('../policy/index');
    const client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${await port}`, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 400 * 1024 * 1024 });
    const unary = <Req, Res>(method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req) =>
      new Promise<Res>((resolve, reject) => method.call(client, req, (e, r) => (e ? reject(e) : resolve(r))));
    const diagnostics = (call: Diagnostic['call'], res: analyzerproto.AnalyzeResponse): Diagnostic[] =>
      res.getDiagnosticsList().map((d) => ({ call, policy: d.getPolicyname(), level: LEVELS[d.getEnforcementlevel()], urn: d.getUrn() || undefined, message: d.getMessage() }));
    return {
      async run(resources) {
        const out: Diagnostic[] = [];
        for (const r of resources) {
          const req = new analyzerproto.AnalyzeRequest();
          req.setType(r.type);
          req.setName(r.name);
          req.setUrn(r.urn);
          req.setProperties(Struct.fromJavaScript(r.inputs as never));
          req.setOptions(new analyzerproto.AnalyzerResourceOptions());
          out.push(...diagnostics('analyze', await unary(client.analyze, req)));
        }
        const stackReq = new analyzerproto.AnalyzeStackRequest();
        stackReq.setResourcesList(
          resources.map((r) => {
            const a = new analyzerproto.AnalyzerResource();
            a.setType(r.type);
            a.setName(r.name);
            a.setUrn(r.urn);
            if (r.parent) a.setParent(r.parent);
            a.setProperties(Struct.fromJavaScript(r.inputs as never));
            a.setOptions(new analyzerproto.AnalyzerResourceOptions());
            a.setDependenciesList(r.dependencies);
            for (const [k, urns] of Object.entries(r.propertyDependencies)) {
              const d = new analyzerproto.AnalyzerPropertyDependencies();
              d.setUrnsList(urns);
              a.getPropertydependenciesMap().set(k, d);
            }
            return a;
          }),
        );
        out.push(...diagnostics('analyzeStack', await unary(client.analyzeStack, stackReq)));
        return out;
      },
      close() {
        client.close();
        servers.forEach((s) => s.forceShutdown());
      },
    };
  } finally {
    console.log = log;
    grpc.Server.prototype.bindAsync = bind;
  }
}
