import type * as pulumi from '@pulumi/pulumi';

/** The provider functions the components call, answered for account 123456789012 in eu-west-1. */
const CALLS: Record<string, Record<string, string>> = {
  'aws:index/getRegion:getRegion': { region: 'eu-west-1', name: 'eu-west-1' },
  'aws:index/getCallerIdentity:getCallerIdentity': { accountId: '123456789012' },
  'aws:index/getPartition:getPartition': { partition: 'aws' },
};

/**
 * Pulumi mocks for component tests: every resource echoes its inputs plus a fake ARN; `onResource`
 * sees each one and may add to its state. Pass to `pulumi.runtime.setMocks` before importing the
 * components.
 */
export function awsMocks(onResource: (args: pulumi.runtime.MockResourceArgs, state: Record<string, unknown>) => void = () => undefined): pulumi.runtime.Mocks {
  return {
    newResource: (a) => {
      const state: Record<string, unknown> = { ...a.inputs, arn: `arn:aws:mock:eu-west-1:123456789012:${a.name}` };
      onResource(a, state);
      return { id: `${a.name}-id`, state };
    },
    call: (a) => CALLS[a.token] ?? {},
  };
}
