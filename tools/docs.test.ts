import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED, ROOT, replaceGenerated } from './docs';

describe('generated docs are up to date (run `npm run docs` after changing the contract)', () => {
  it.each(GENERATED.map((g) => [`${g.file} (${g.name})`, g] as const))('%s', (_label, g) => {
    const text = readFileSync(join(ROOT, g.file), 'utf8');
    expect(replaceGenerated(text, g.name, g.render())).toBe(text);
  });
});
