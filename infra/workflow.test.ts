import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { AIRFLOW_DAG, AIRFLOW_REQUIREMENTS, GLUE_MODULE, GLUE_SCRIPT } from './program';
import { ROOT, STACKS } from './testing/stack-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed workflow is untyped YAML
type Yaml = any;
const read = (name: string) => readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8');
const infra: Yaml = parse(read('infra.yml'));
const up: Yaml = parse(read('infra-up.yml'));
const steps = (job: Yaml) => job.steps as Yaml[];
const step = (job: Yaml, uses: string) => steps(job).find((s) => String(s.uses ?? '').startsWith(uses));

describe('.github/workflows/infra.yml', () => {
  it('runs on pull requests and on pushes to main, for infrastructure paths', () => {
    expect(Object.keys(infra.on).sort()).toEqual(['pull_request', 'push']);
    expect(infra.on.push.branches).toEqual(['main']);
    for (const trigger of [infra.on.pull_request, infra.on.push]) expect(trigger.paths).toEqual(expect.arrayContaining(['infra/**', 'libs/infra-components/**', 'Pulumi*.yaml']));
    expect(infra.permissions).toEqual({ contents: 'read' });
  });

  it('runs for a change to any file the program uploads (Glue job, DAG, requirements)', () => {
    // GitHub path filters: `**` any depth, `*` within one segment.
    const matches = (filter: string, file: string) => new RegExp(`^${filter.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\0').replace(/\*/g, '[^/]*').replace(/\0/g, '.*')}$`).test(file);
    const files = [GLUE_SCRIPT, GLUE_MODULE, AIRFLOW_DAG, AIRFLOW_REQUIREMENTS].map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
    for (const trigger of [infra.on.pull_request, infra.on.push]) expect(files.filter((f) => !(trigger.paths as string[]).some((p) => matches(p, f)))).toEqual([]);
  });

  it('runs the tests first (npm test via .ci/run, which includes the offline plan check)', () => {
    expect(steps(infra.jobs.test).map((s) => s.run).filter(Boolean)).toEqual(['.ci/run']);
  });

  it('previews every stack with --diff on pull requests and comments the diff', () => {
    const job = infra.jobs.preview;
    expect(job.if).toBe("github.event_name == 'pull_request'");
    expect(job.needs).toBe('test');
    expect(job.strategy.matrix.stack).toEqual([...STACKS]);
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'pull-requests': 'write' });
    expect(step(job, 'pulumi/actions@').with).toMatchObject({ command: 'preview', diff: true, 'comment-on-pr': true, policyPacks: 'infra/policy' });
    expect(step(job, 'pulumi/actions@').with['stack-name']).toContain('${{ matrix.stack }}');
  });

  it('uses OIDC for AWS and Pulumi: an assumed role, no stored keys', () => {
    for (const job of [infra.jobs.preview, up.jobs.up]) {
      const aws = step(job, 'aws-actions/configure-aws-credentials@');
      expect(aws.with['role-to-assume']).toMatch(/^\$\{\{ vars\.AWS_\w+_ROLE_ARN \}\}$/);
      expect(Object.keys(aws.with)).not.toEqual(expect.arrayContaining(['aws-access-key-id']));
      expect(step(job, 'pulumi/auth-actions@').with['requested-token-type']).toMatch(/^urn:pulumi:token-type:access_token:/);
    }
    const text = read('infra.yml') + read('infra-up.yml');
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-secret-access-key|PULUMI_ACCESS_TOKEN/);
  });

  it('on main: up dev, then staging, then prod behind its environment (approval)', () => {
    const { 'up-dev': dev, 'up-staging': staging, 'up-prod': prod } = infra.jobs;
    expect(dev.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect([dev.needs, staging.needs, prod.needs]).toEqual(['test', 'up-dev', 'up-staging']);
    expect([dev, staging, prod].map((j: Yaml) => [j.uses, j.with.stack])).toEqual([
      ['./.github/workflows/infra-up.yml', 'dev'],
      ['./.github/workflows/infra-up.yml', 'staging'],
      ['./.github/workflows/infra-up.yml', 'prod'],
    ]);
    expect(up.jobs.up.environment).toBe('${{ inputs.stack }}');
    expect(up.jobs.up.concurrency).toEqual({ group: 'pulumi-up-${{ inputs.stack }}', 'cancel-in-progress': false });
    expect(step(up.jobs.up, 'pulumi/actions@').with).toMatchObject({ command: 'up', policyPacks: 'infra/policy' });
  });

  it('pins every action to a major version', () => {
    const uses = [...Object.values(infra.jobs), ...Object.values(up.jobs)].flatMap((j: Yaml) => (j.steps ?? []).map((s: Yaml) => s.uses).filter(Boolean));
    expect(uses.length).toBeGreaterThan(8);
    expect(uses.filter((u: string) => !/@v\d+$/.test(u))).toEqual([]);
  });
});
