import { prefixOf, StackConfig, validateConfig } from './config';
import { engineConfig, readProjectFile, readStackFile, STACKS } from './testing/stack-config';

describe('Pulumi.yaml', () => {
  const project = readProjectFile();

  it('is a nodejs project whose program is infra/', () => {
    expect(project.name).toBe('finlake');
    expect(project.runtime).toEqual({ name: 'nodejs', options: { typescript: true } });
    expect(project.main).toBe('infra/');
  });

  it('gives every config key a type, a description and a default of that type', () => {
    const problems: string[] = [];
    for (const [key, spec] of Object.entries(project.config)) {
      if (!['string', 'integer', 'boolean', 'array'].includes(spec.type)) problems.push(`${key}: type ${spec.type}`);
      if (!spec.description || spec.description.length < 10) problems.push(`${key}: description`);
      const d = spec.default;
      const ok = spec.type === 'string' ? typeof d === 'string' : spec.type === 'integer' ? Number.isInteger(d) : spec.type === 'boolean' ? typeof d === 'boolean' : Array.isArray(d);
      if (!ok) problems.push(`${key}: default ${JSON.stringify(d)} is not a ${spec.type}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(STACKS)('Pulumi.%s.yaml sets aws:region and only keys the project declares', (stack) => {
    const config = readStackFile(stack).config;
    expect(config['aws:region']).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    const unknown = Object.keys(config).filter((k) => k !== 'aws:region' && !(k.startsWith('finlake:') && k.slice('finlake:'.length) in project.config));
    expect(unknown).toEqual([]);
    expect(config['finlake:environment']).toBe(stack);
  });
});

describe('config', () => {
  // The typed config of each stack as the engine would produce it (defaults + stack file).
  const typed = (stack: (typeof STACKS)[number]): StackConfig => {
    const e = engineConfig(stack);
    const g = (k: string) => e[`finlake:${k}`];
    return {
      project: 'finlake',
      environment: g('environment') as StackConfig['environment'],
      region: e['aws:region'],
      vpcCidr: g('vpcCidr'),
      availabilityZones: JSON.parse(g('availabilityZones')),
      natStrategy: g('natStrategy') as StackConfig['natStrategy'],
      redshiftNodeType: g('redshiftNodeType'),
      redshiftNodeCount: Number(g('redshiftNodeCount')),
      redshiftDatabase: g('redshiftDatabase'),
      redshiftAdminUser: g('redshiftAdminUser'),
      redshiftMayPause: g('redshiftMayPause') === 'true',
      snapshotRetentionDays: Number(g('snapshotRetentionDays')),
      keepFinalSnapshot: g('keepFinalSnapshot') === 'true',
      finalSnapshotSuffix: g('finalSnapshotSuffix'),
      protectData: g('protectData') === 'true',
      forceDestroyBuckets: g('forceDestroyBuckets') === 'true',
      logRetentionDays: Number(g('logRetentionDays')),
      noncurrentVersionDays: Number(g('noncurrentVersionDays')),
      glueWorkers: Number(g('glueWorkers')),
      glueTimeoutMinutes: Number(g('glueTimeoutMinutes')),
      pipelineSchedule: g('pipelineSchedule'),
      alertEmail: g('alertEmail'),
      manageAccountSingletons: g('manageAccountSingletons') === 'true',
      mwaaEnabled: g('mwaaEnabled') === 'true',
      mwaaEnvironmentClass: g('mwaaEnvironmentClass'),
      mwaaAirflowVersion: g('mwaaAirflowVersion'),
      mwaaMaxWorkers: Number(g('mwaaMaxWorkers')),
    };
  };

  it.each(STACKS)('%s validates', (stack) => {
    expect(validateConfig(typed(stack)).environment).toBe(stack);
    expect(prefixOf(typed(stack))).toBe(`finlake-${stack}`);
  });

  it('rejects an unsafe prod with every problem at once', () => {
    const bad = { ...typed('prod'), natStrategy: 'single' as const, availabilityZones: ['eu-west-1a', 'us-east-1b'], keepFinalSnapshot: false, forceDestroyBuckets: true, logRetentionDays: 30, snapshotRetentionDays: 1 };
    expect(() => validateConfig(bad)).toThrow(
      /us-east-1b is not in aws:region eu-west-1[\s\S]*perAz[\s\S]*3 availability zones[\s\S]*final snapshot[\s\S]*force-destroyed[\s\S]*365 days[\s\S]*snapshotRetentionDays is 1/,
    );
  });

  it('requires an alert subscription in prod, and a well-formed address wherever one is set', () => {
    expect(() => validateConfig({ ...typed('prod'), alertEmail: '' })).toThrow('prod alerts must reach someone: set alertEmail');
    expect(() => validateConfig({ ...typed('dev'), alertEmail: 'not-an-address' })).toThrow('alertEmail "not-an-address" is not an e-mail address');
    expect(validateConfig({ ...typed('dev'), alertEmail: '' }).alertEmail).toBe('');
  });

  it('never lets the prod cluster pause silently', () => {
    expect(() => validateConfig({ ...typed('prod'), redshiftMayPause: true })).toThrow('the prod cluster never pauses');
  });

  it('keeps MWAA out of dev', () => {
    expect(() => validateConfig({ ...typed('dev'), mwaaEnabled: true })).toThrow('MWAA is off in dev');
  });

  it('stacks differ only by config values, never by keys the program does not read', () => {
    const keys = STACKS.map((s) => Object.keys(engineConfig(s)).sort());
    expect(keys[1]).toEqual(keys[0]);
    expect(keys[2]).toEqual(keys[0]);
  });
});
