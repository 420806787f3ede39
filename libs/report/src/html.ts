/**
 * The report page: one self-contained HTML file. Inline CSS and inline SVG only; the Content
 * Security Policy forbids scripts and every fetch, so the file cannot load or leak anything.
 * Every text from the data passes through escapeHtml; SVGs come from Vega, which escapes its text.
 */
import { escapeHtml } from './escape';
import { STYLES } from './styles';

/** default-src 'none' blocks scripts, fonts, frames and connections; images only as data: URLs. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export interface Column<T> {
  header: string;
  /** Display text (already formatted); escaped on output. */
  cell: (row: T) => string | number | null;
  numeric?: boolean;
  /** Long text (names, checks): a minimum width, so it never wraps letter by letter, and breaks anywhere beyond it. */
  long?: boolean;
  /** Extra classes for one cell (e.g. good/bad by favourability); escaped on output. */
  className?: (row: T) => string | undefined;
}

export interface TableOptions<T> {
  /** Classes for a body row (e.g. a subtotal or a highlighted row); escaped on output. */
  rowClass?: (row: T) => string | undefined;
  /** A first header row over the column headers ("Month" over actual, budget, variance); spans add up to the column count. */
  headerGroups?: readonly { header: string; span: number }[];
  /** Smaller type and padding, for wide tables of figures (a budget-vs-actual pack). */
  compact?: boolean;
}

const classAttribute = (...names: (string | undefined)[]) => {
  const text = names.filter(Boolean).join(' ');
  return text ? ` class="${escapeHtml(text)}"` : '';
};

export function htmlTable<T>(testId: string, caption: string, columns: readonly Column<T>[], rows: readonly T[], options: TableOptions<T> = {}): string {
  const kind = (c: Column<T>) => (c.numeric ? 'num' : c.long ? 'long' : undefined);
  const groups = options.headerGroups?.map((g) => `<th${g.header ? ' scope="colgroup"' : ''}${g.span > 1 ? ` colspan="${g.span}"` : ''} class="group">${escapeHtml(g.header)}</th>`).join('');
  const head = `${groups ? `${groups}</tr>\n<tr>` : ''}${columns.map((c) => `<th scope="col"${classAttribute(kind(c))}>${escapeHtml(c.header)}</th>`).join('')}`;
  const cell = (c: Column<T>, r: T) => `<td${classAttribute(kind(c), c.className?.(r))}>${escapeHtml(c.cell(r) ?? '–')}</td>`;
  const body = rows.map((r) => `<tr${classAttribute(options.rowClass?.(r))}>${columns.map((c) => cell(c, r)).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table data-testid="${escapeHtml(testId)}"${options.compact ? ' class="compact"' : ''}><caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

/** A table folded away under a summary line: the full mart behind a chart, without scripts. */
export function detailsTable<T>(summary: string, testId: string, caption: string, columns: readonly Column<T>[], rows: readonly T[], options: TableOptions<T> = {}): string {
  return `<details><summary>${escapeHtml(summary)}</summary>\n${htmlTable(testId, caption, columns, rows, options)}\n</details>`;
}

export interface Tile {
  id: string;
  label: string;
  value: string;
  note: string;
  tone?: 'good' | 'bad';
}

export function tilesHtml(tiles: readonly Tile[]): string {
  const items = tiles.map(
    (t) =>
      `<li class="tile" data-kpi="${escapeHtml(t.id)}"><span class="label">${escapeHtml(t.label)}</span><span class="value${t.tone ? ` ${t.tone}` : ''}">${escapeHtml(t.value)}</span><span class="note">${escapeHtml(t.note)}</span></li>`,
  );
  return `<ul class="tiles">\n${items.join('\n')}\n</ul>`;
}

export interface Figure {
  /** SVG markup from accessibleSvg (trusted: produced by Vega, text escaped there). */
  svg: string;
  caption: string;
}

export function figureHtml(figure: Figure): string {
  return `<figure>${figure.svg}<figcaption>${escapeHtml(figure.caption)}</figcaption></figure>`;
}

export interface Section {
  id: string;
  title: string;
  /** Trusted HTML assembled from the helpers above. */
  body: string;
  wide?: boolean;
}

export function sectionHtml(section: Section): string {
  const heading = `${section.id}-title`;
  return `<section class="card${section.wide ? ' wide' : ''}" data-testid="${escapeHtml(section.id)}" aria-labelledby="${escapeHtml(heading)}">\n<h2 id="${escapeHtml(heading)}">${escapeHtml(section.title)}</h2>\n${section.body}\n</section>`;
}

export interface Page {
  title: string;
  /** Trusted HTML: the "as of" stamp and any warning. */
  header: string;
  sections: readonly Section[];
  footer: string;
}

export function pageHtml(page: Page): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header>
<h1>${escapeHtml(page.title)}</h1>
${page.header}
</header>
<main>
${page.sections.map(sectionHtml).join('\n')}
</main>
<footer>${escapeHtml(page.footer)}</footer>
</body>
</html>
`;
}
