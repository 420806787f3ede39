import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { BOOLEAN_TRUE, BOOLEAN_VALUES, DECIMAL_SCALE_PATTERN, FILE_MESSAGES, NULL_MARKERS, TIMESTAMP_PATTERN } from '@finlake/contracts';
import { allProducts, commerceContract as commerce, GLUE_CONTRACT_COMMAND, partitionColumn, productLayout, renderGlueContract, sparkType } from '@finlake/products';
import { GLUE_CONTRACT_DIR, glueContractPath, strayGlueContracts } from './glue-contract';

describe(`apps/glue/contracts/<product>.json is in sync with each registered contract (run \`${GLUE_CONTRACT_COMMAND}\`)`, () => {
  it.each(allProducts().map((p) => [p.name, p.contract] as const))('%s matches a fresh rendering', (name, contract) => {
    const committed = existsSync(glueContractPath(name)) ? readFileSync(glueContractPath(name), 'utf8') : '';
    if (committed !== renderGlueContract(contract)) {
      throw new Error(`${glueContractPath(name)} is ${committed ? 'stale' : 'missing'}: run \`${GLUE_CONTRACT_COMMAND}\` and commit the result.`);
    }
  });

  it('holds one file per registered product and no other', () => {
    expect(strayGlueContracts(readdirSync(GLUE_CONTRACT_DIR))).toEqual([]);
    expect(readdirSync(GLUE_CONTRACT_DIR).length).toBe(allProducts().length);
  });
});

describe('glue contract', () => {
  it.each(allProducts().map((p) => [p.name, p.contract] as const))('%s names its product and its lake layout (the job has no product defaults)', (name, contract) => {
    const { product, layout } = JSON.parse(renderGlueContract(contract)) as { product: string; layout: Record<string, string> };
    const { rawPrefix, processedPrefix, quarantinePrefix } = productLayout(name);
    expect({ product, layout }).toEqual({ product: name, layout: { rawPrefix, processedPrefix, quarantinePrefix } });
  });

  it('carries the check constants of libs/contracts for the Python job', () => {
    const { checks } = JSON.parse(renderGlueContract(allProducts()[0]!.contract)) as { checks: Record<string, unknown> & { patterns: Record<string, string> } };
    expect(checks.nullMarkers).toEqual(NULL_MARKERS);
    expect(checks.patterns.timestamp).toBe(TIMESTAMP_PATTERN);
    expect(checks.patterns.decimalScale).toBe(DECIMAL_SCALE_PATTERN);
    expect(checks.booleans).toEqual({ values: BOOLEAN_VALUES, true: BOOLEAN_TRUE });
    expect(checks.encoding).toEqual({ utf16Boms: ['fffe', 'feff'], nulScanBytes: 4096 });
    expect(checks.fileMessages).toEqual(FILE_MESSAGES);
  });

  it.each([
    [{ kind: 'id', maxLength: 64 } as const, 'string'],
    [{ kind: 'integer', min: 0, max: 1 } as const, 'int'],
    [{ kind: 'decimal', precision: 18, scale: 4 } as const, 'decimal(18,4)'],
    [{ kind: 'timestamp' } as const, 'timestamp'],
    [{ kind: 'boolean' } as const, 'boolean'],
  ])('%j is Spark %s', (type, expected) => {
    expect(sparkType(type)).toBe(expected);
  });

  it('partitions each entity by its first date column, products by the batch day', () => {
    expect(Object.fromEntries(commerce.entities.map((e) => [e.name, partitionColumn(e)]))).toEqual({
      products: null,
      cogs: 'effective_date',
      marketing_spend: 'spend_date',
      transactions: 'transaction_ts',
    });
  });
});
