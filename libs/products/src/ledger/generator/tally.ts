/** Rejected rows per file and per bad-row kind, as the generator reports them. */
export class Tally {
  readonly byFile: Record<string, number> = {};
  readonly byKind: Record<string, number> = {};

  count(file: string, kind: string, rejected: number): void {
    this.byFile[file] = (this.byFile[file] ?? 0) + rejected;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + rejected;
  }

  of(file: string): number {
    return this.byFile[file] ?? 0;
  }
}
