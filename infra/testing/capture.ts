import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../config';
import type { ProgramFiles } from '../program';
import { installMocks, Rec } from './mocks';
import { StackName } from './stack-config';

export interface CapturedStack {
  stack: StackName;
  config: StackConfig;
  /** Every resource, sorted by type then name. */
  records: Rec[];
  /** Invoke tokens the mocks did not answer (must be empty). */
  unmocked: string[];
  outputs: Record<string, unknown>;
}

const key = (r: { __pulumiType?: string; __name?: string }) => `${r.__pulumiType}::${r.__name}`;

/** Resolves an Output (or a structure of them) without the undocumented `.promise()`. */
export function resolve<T>(o: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
  return new Promise((r) => pulumi.output(o).apply((v) => (r(v as pulumi.Unwrap<T>), v)));
}

/**
 * Builds the program of `stack` under mocks and returns its whole resource graph. The mocks go
 * in first, then the program is imported (a resource created before the mocks registers nowhere).
 * Parents come from a stack transformation (the mock monitor does not pass them to newResource).
 * `files` replaces where the program finds the files it uploads per product (a test product's
 * contract). Call once per process: Pulumi's runtime state is global.
 */
export async function captureStack(stack: StackName, program: { files?: ProgramFiles } = {}): Promise<CapturedStack> {
  const { records, unmocked } = await installMocks(stack);
  const { loadConfig } = await import('../config');
  const { build } = await import('../program');
  const parents = new Map<string, string | undefined>();
  const options = new Map<string, { protect?: boolean; retainOnDelete?: boolean; deleteBeforeReplace?: boolean; aliases?: string[]; dependsOn?: string[] }>();
  let config!: StackConfig;
  let built!: ReturnType<typeof build>;
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((t) => {
      // Rehydrated resource references come through with opts.urn set: not new resources.
      if (!t.opts.urn) {
        const aliases = (t.opts.aliases ?? []).flatMap((a) => (typeof a === 'object' && a && 'name' in a && typeof a.name === 'string' ? [a.name] : []));
        const dependsOn = [t.opts.dependsOn ?? []].flat().filter((d): d is pulumi.Resource => pulumi.Resource.isInstance(d)).map((d) => key(d as never)).sort();
        options.set(`${t.type}::${t.name}`, { protect: t.opts.protect, retainOnDelete: t.opts.retainOnDelete, deleteBeforeReplace: (t.opts as pulumi.CustomResourceOptions).deleteBeforeReplace, ...(aliases.length ? { aliases } : {}), ...(dependsOn.length ? { dependsOn } : {}) });
      }
      if (!t.opts.urn) parents.set(`${t.type}::${t.name}`, t.opts.parent && (t.opts.parent as unknown as { __pulumiType: string }).__pulumiType !== 'pulumi:pulumi:Stack' ? key(t.opts.parent as never) : undefined);
      return undefined;
    });
    config = loadConfig();
    built = build(config, program.files);
    return {};
  });
  const outputs = (await resolve(built as never)) as Record<string, unknown>;
  // No public "all registered" API: wait for the outstanding RPCs (internal, absent from the .d.ts).
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  const all = records
    .filter((r) => r.type !== 'pulumi:pulumi:Stack')
    .map((r) => ({ ...r, parent: parents.get(`${r.type}::${r.name}`), ...options.get(`${r.type}::${r.name}`) }))
    .sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type.localeCompare(b.type)));
  return { stack, config, records: all, unmocked: [...unmocked], outputs };
}
