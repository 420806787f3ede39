/**
 * Dialect differences live in the dialect layer (libs/engine/src/dialect.ts): the pipeline asks
 * the dialect for what differs (functions, macros, the subquery fence, the field list) and never
 * branches on which engine it runs on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const PIPELINE = join(ROOT, 'libs', 'pipeline');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '__tests__' || e.name === 'node_modules' ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the pipeline leaves dialect differences to the dialect layer', () => {
  it('compares no dialect or engine name', () => {
    const byName = /dialect\??\.name\b|\.name\s*[!=]==?\s*['"](duckdb|postgres|redshift)['"]|['"](duckdb|postgres|redshift)['"]\s*[!=]==?/;
    const offenders = sources(join(PIPELINE, 'src')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => [line, i] as const)
        .filter(([line]) => byName.test(line))
        .map(([line, i]) => `${relative(ROOT, file)}:${i + 1}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
