/**
 * A product with a security manifest gets its Redshift rendering run on the cluster: one Data API
 * statement per rendered statement, in order, as the admin, under the warehouse component: the
 * ledger's manifest; commerce, with none, gets no statement.
 */
import { ledgerSecurity } from '@finlake/products';
import { renderRedshift } from '@finlake/security';
import { policies } from './policy/policies';
import { captureStack, CapturedStack } from './testing/capture';
import { runPolicies, toPolicyResources } from './testing/policy-graph';

const STATEMENT = 'aws:redshiftdata/statement:Statement';
let c: CapturedStack;

beforeAll(async () => {
  c = await captureStack('dev');
});

const statements = () => c.records.filter((r) => r.type === STATEMENT);

describe('the warehouse security of a product with a manifest', () => {
  it('runs every statement of the Redshift rendering, in order, and none for commerce', () => {
    expect(c.unmocked).toEqual([]);
    const sql = renderRedshift(ledgerSecurity);
    // Names are numbered in order (records come sorted by name).
    expect(statements().map((s) => s.name)).toEqual(sql.map((_s, i) => `warehouse-security-ledger-${String(i + 1).padStart(3, '0')}`));
    expect(statements().map((s) => s.inputs.sql)).toEqual(sql);
  });

  it('runs them on the cluster and database of the stack, as the admin secret', () => {
    const cluster = c.records.find((r) => r.type === 'aws:redshift/cluster:Cluster')!;
    for (const s of statements()) {
      expect(s.inputs).toMatchObject({ clusterIdentifier: cluster.inputs.clusterIdentifier, database: cluster.inputs.databaseName, secretArn: expect.stringContaining(':secret:redshift!') });
    }
  });

  it('sits under the warehouse component', () => {
    const component = c.records.find((r) => r.type === 'finlake:infra:WarehouseSql')!;
    expect([component.name, component.parent]).toEqual(['warehouse-security-ledger', 'finlake:infra:Warehouse::warehouse']);
    for (const s of statements()) expect(s.parent).toBe('finlake:infra:WarehouseSql::warehouse-security-ledger');
  });

  it('passes every rule of the policy pack', async () => {
    expect(await runPolicies(policies, toPolicyResources(c.records, 'dev'))).toEqual([]);
  });
});
