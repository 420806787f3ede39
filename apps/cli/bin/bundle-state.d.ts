/** The compiled CLI's folder (apps/cli/dist). */
export const DIST: string;
/** See bundle-state.js. */
export function bundleState(dist?: string, root?: string): 'fresh' | 'stale' | 'missing';
