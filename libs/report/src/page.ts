/**
 * A product's report page, defined in the product's folder: which marts it reads, how, and what
 * it shows. The report (report.ts) adds what every page has: the header stamp, the data-quality
 * section, freshness and the footer.
 */
import type { Engine } from '@finlake/engine';
import type { ChartPlan } from './charts';
import type { Section, Tile } from './html';
import type { QualityTotals } from './quality';

/** The span of the product's figures, as month starts (YYYY-MM-01), for the header and freshness. */
export interface Period {
  first: string | null;
  last: string | null;
  /** How many months have figures, in words ("2 with sales"). */
  detail: string;
  /** The last day with data (YYYY-MM-DD), where the product knows it: a last month it ends before is marked partial. */
  through?: string | null;
}

/** A figure for the terminal after `finlake report` (exact values: the table aligns them). A type alias, so it is an engine Row. */
export type KeyFigure = {
  figure: string;
  value: string | number | null;
};

export interface PageContext {
  currency: string;
  quality: QualityTotals;
  /** A rendered chart by id with its caption, or the note when the chart has nothing to show. */
  chart(id: string, caption: string, emptyNote: string): string;
}

export interface ReportPage<F = unknown> {
  /** Read the page's figures; `mart(name)` is the qualified name of one of the product's published tables. */
  load(engine: Engine, mart: (name: string) => string): Promise<F>;
  period(figures: F): Period;
  charts(figures: F, currency: string): ChartPlan[];
  /** The KPI tiles at the top (qualityTiles gives the rows loaded / quarantined tiles). */
  tiles(figures: F, context: Omit<PageContext, 'chart'>): Tile[];
  sections(figures: F, context: PageContext): Section[];
  /** The figures' totals, exact, for --json. */
  totals(figures: F): Record<string, string | number | null>;
  keyFigures(figures: F, context: Omit<PageContext, 'chart'>): KeyFigure[];
  /** Where the figures come from, for the footer ("the marts mart_a and mart_b"). */
  readonly sources: string;
}
