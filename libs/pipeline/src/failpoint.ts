/**
 * Test-only crash injection. With FINLAKE_FAILPOINT=<name> (comma-separated names allowed) the
 * process kills itself with SIGKILL when it reaches that point: no cleanup, no rollback, exactly
 * like a power cut. Used by tests to prove a crash never damages published data.
 */
export const FAILPOINTS = ['after-ingest', 'after-validate', 'after-stage', 'after-build', 'after-gate', 'publish', 'after-commit'] as const;
export type Failpoint = (typeof FAILPOINTS)[number];

export function failpoint(name: Failpoint): void {
  const wanted = process.env.FINLAKE_FAILPOINT;
  if (wanted && wanted.split(',').map((s) => s.trim()).includes(name)) {
    process.kill(process.pid, 'SIGKILL');
  }
}
