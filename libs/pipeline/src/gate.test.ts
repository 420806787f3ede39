/** The gate's batch reconciliations fail when a batch would stage other money than its file holds. */
import { commerceContract, commerceModels } from '@finlake/products';
import { TEST_ENGINES, inputDir, readFixture, tempDir } from '../testing';
import { checkFile } from './check-file';
import { dateBounds } from './context';
import { discoverFiles } from './files';
import { runGate } from './gate';
import { ensureSchema, stagingTable } from './schema';
import { createStagingViews } from './staging';
import { createRunQuarantine } from './validate';

describe.each(TEST_ENGINES)('batch reconciliation on $name', ({ create }) => {
  it('passes for a checked batch and fails once a quarantined row would be staged', async () => {
    const engine = await create();
    try {
      const models = commerceModels();
      await ensureSchema(engine, commerceContract, models);
      await createRunQuarantine(engine);
      // One good row and one with a bad number: the second is quarantined.
      const spend = readFixture('marketing_spend.csv').split('\n');
      const dir = inputDir(tempDir(), { 'marketing_spend.csv': `${spend[0]}\n${spend[1]}\n${spend[2]!.replace('100.00', '1O0.00')}\n` });
      const [input] = discoverFiles(commerceContract, dir).files;
      const check = await checkFile(engine, input!, {
        runId: 'r',
        index: 0,
        bounds: dateBounds(commerceContract, new Date('2025-06-30T00:00:00Z')),
        scratch: tempDir(),
        loadedAs: () => undefined,
        knownKeys: (entity) => [stagingTable(commerceContract.name, entity)],
      });
      expect([check.status, check.rowsValid, check.rowsQuarantined]).toEqual(['checked', 1, 1]);
      await createStagingViews(engine, commerceContract, [{ check, batchSeq: 1 }]);
      const reconciled = (await runGate(engine, commerceContract, { ...models, models: [], reconciliations: [] }, undefined, [check])).filter((g) => g.check.startsWith('reconcile'));
      expect(reconciled.length).toBeGreaterThan(1);
      expect(reconciled.every((g) => g.passed)).toBe(true);

      // A bug that let the quarantined row through (flagged valid) breaks conservation of money.
      await engine.run(`update ${'"checked_0"'} set "__ok" = true`);
      const broken = await runGate(engine, commerceContract, { ...models, models: [], reconciliations: [] }, undefined, [check]);
      expect(broken.filter((g) => !g.passed).map((g) => g.check)).toContain('reconcile: sum(Impressions) staged = raw (marketing_spend.csv)');
      // And a count that does not add up fails the row conservation.
      const miscounted = await runGate(engine, commerceContract, { ...models, models: [], reconciliations: [] }, undefined, [{ ...check, rowsValid: 2 }]);
      expect(miscounted.find((g) => g.check.startsWith('reconcile: rows read'))!.passed).toBe(false);
    } finally {
      await engine.close();
    }
  });
});
