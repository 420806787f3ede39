/**
 * The actors report page (products.md B.6, B.8): the quality timeline (active actors per quality
 * class per year), the actors carried against the active ones, the longest star streaks from
 * actors_history_scd, and how to read the classes and the history, shown on one actor's versions.
 * The frame adds data quality.
 */
import { detailsTable, escapeHtml, formatCount, htmlTable, qualityTiles, type Column, type ReportPage, type Section, type Tile } from '@finlake/report';
import { activeActorsChart, qualityTimelineChart, yearTotals } from './charts';
import { LISTED_STREAKS, loadActorsFigures, QUALITY_CLASSES, type ActorsFigures, type StarStreak, type Version } from './figures';

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
/** Years are labels, not counts: never a thousands separator. */
const yearText = (value: number | null) => (value === null ? '–' : String(value));
/** A DOUBLE mean as the classes read it: two decimals, enough to see 8.00 from 8.01. */
const mean = (value: number | null) => (value === null ? '–' : value.toFixed(2));

const lastYearRow = (f: ActorsFigures) => yearTotals(f.classYears).find((y) => y.year === f.lastYear);
/** Actors per class in the last year: all (carried) and active. */
const lastYearClass = (f: ActorsFigures, c: string) => f.classYears.find((r) => r.current_year === f.lastYear && r.quality_class === c);

function tiles(f: ActorsFigures, quality: Parameters<typeof qualityTiles>[0]): Tile[] {
  const last = lastYearRow(f);
  const stars = lastYearClass(f, 'star');
  const longest = f.streaks[0];
  const on = f.lastYear === null ? 'no year yet' : `in ${f.lastYear}`;
  return [
    { id: 'last_year', label: 'Latest year', value: yearText(f.lastYear), note: f.firstYear === null ? 'no films yet' : `films from ${f.firstYear}` },
    { id: 'actors', label: 'Actors', value: formatCount(last ? last.actors : null), note: `with a film by ${f.lastYear ?? '–'}` },
    { id: 'active_actors', label: 'Active actors', value: formatCount(last ? last.active : null), note: `with a film ${on}` },
    { id: 'active_stars', label: 'Active stars', value: formatCount(stars ? stars.active_actors : null), note: `mean rating above 8 ${on}; ${formatCount(stars ? stars.actors : 0)} counting those carried over` },
    {
      id: 'longest_star_streak',
      label: 'Longest star streak',
      value: longest ? `${longest.years} year(s)` : formatCount(null),
      note: longest ? `${longest.actor}, ${longest.first_year}–${longest.last_year}` : 'no star yet',
    },
    { id: 'versions', label: 'History versions', value: formatCount(f.versions), note: `in the SCD2 history of ${formatCount(f.historyActors)} actor(s)` },
    ...qualityTiles(quality),
  ];
}

type YearRow = ReturnType<typeof yearTotals>[number];
const YEAR_COLUMNS: Column<YearRow>[] = [
  { header: 'Year', cell: (r) => yearText(r.year) },
  ...QUALITY_CLASSES.map((c) => ({ header: `Active ${c}`, cell: (r: YearRow) => formatCount(r.byClass[c] ?? 0), numeric: true })),
  { header: 'Active', cell: (r) => formatCount(r.active), numeric: true },
  { header: 'Actors in the table', cell: (r) => formatCount(r.actors), numeric: true },
];

/** What followed a streak: another class, no film since, or still a star in the latest year. */
const streakEnd = (r: StarStreak) => (r.next_class !== null ? `${r.next_class} from ${r.run_end + 1}` : r.last_year === r.run_end ? 'still a star' : `no film since ${r.last_year}`);

const STREAK_COLUMNS: Column<StarStreak>[] = [
  { header: 'Actor', cell: (r) => r.actor, long: true },
  { header: 'Actor id', cell: (r) => r.actorid },
  { header: 'From', cell: (r) => yearText(r.first_year) },
  { header: 'To', cell: (r) => yearText(r.last_year) },
  { header: 'Years', cell: (r) => formatCount(r.years), numeric: true },
  { header: 'Active years', cell: (r) => formatCount(r.active_years), numeric: true },
  { header: 'Then', cell: (r) => streakEnd(r) },
];

const VERSION_COLUMNS: Column<Version>[] = [
  { header: 'quality_class', cell: (r) => r.quality_class },
  { header: 'is_active', cell: (r) => String(r.is_active) },
  { header: 'start_year', cell: (r) => yearText(r.start_year) },
  { header: 'end_year', cell: (r) => yearText(r.end_year) },
  { header: 'Current', cell: (r) => yesNo(r.is_current) },
];

/** One actor's versions in words: each a run of years with one class and one activity. */
function historyInWords(f: ActorsFigures): string {
  const e = f.example;
  if (!e || e.versions.length === 0) return '';
  const parts = e.versions.map((v) => `${v.quality_class}${v.is_active ? '' : ' (inactive, class carried over)'} ${v.start_year === v.end_year ? `in ${v.start_year}` : `from ${v.start_year} through ${v.end_year}`}`);
  return `<p data-testid="history-example">For example, ${escapeHtml(e.actor)} (${escapeHtml(e.actorid)}) has ${e.versions.length} version(s): ${escapeHtml(parts.join('; '))}.</p>`;
}

function weightedNote(f: ActorsFigures): string {
  const w = f.weightedExample;
  const example = w
    ? ` For example, ${escapeHtml(w.actor)} in ${w.last_active_year}: the unweighted mean ${mean(w.average_rating)} makes ${escapeHtml(w.quality_class)}, the vote-weighted ${mean(w.weighted_rating)} would make ${escapeHtml(w.weighted_class)}.`
    : '';
  return `<p data-testid="weighted-note">The class follows the homework: the <strong>unweighted</strong> mean of the films’ ratings, every film counting once. The vote-weighted mean (a film with 1,000 votes counting a hundred times one with 10) is <code>weighted_rating</code>, shown beside it and never used for the class. In ${yearText(f.lastYear)}, ${formatCount(f.weightedDiffers)} of ${formatCount(f.weightedRated)} actor(s) would be in another class by it.${example}</p>`;
}

function sections(f: ActorsFigures, chart: (id: string, caption: string, empty: string) => string): Section[] {
  const years = yearTotals(f.classYears);
  const latestFirst = [...years].reverse();
  return [
    {
      // Not 'quality': the frame's data-quality section has that id.
      id: 'quality-timeline',
      title: 'Quality timeline',
      wide: true,
      body: [
        chart('chart-quality-timeline', 'Each bar is a year’s actors with at least one film that year, by the class of that year’s mean rating: star above 8, good above 7, average above 6, bad 6 or less.', 'No films yet.'),
        chart('chart-active-actors', 'Every actor stays in the cumulative table from the first film through the latest year; an actor without a film in a year is inactive there and keeps the class of the last active year.', 'No films yet.'),
        years.length ? detailsTable(`The ${formatCount(years.length)} year(s) charted, latest first`, 'table-years', 'Active actors per quality class and year (mart_actor_quality_yearly)', YEAR_COLUMNS, latestFirst, { compact: true }) : '',
      ].join('\n'),
    },
    {
      id: 'star-streaks',
      title: 'Longest star streaks',
      wide: true,
      body: [
        `<p>Consecutive years an actor was classed a star, from actors_history_scd: versions of class star that follow each other are one streak, a year without films included (it keeps the class). A streak runs from its first year through the last film as a star; the years an actor stays a star without making films after it are not counted (“no film since”). Up to ${LISTED_STREAKS}, longest first.</p>`,
        f.streaks.length ? htmlTable('table-star-streaks', 'The longest star streaks (actors_history_scd)', STREAK_COLUMNS, f.streaks, { compact: true }) : '<p data-testid="no-star-streaks">No actor has been a star yet.</p>',
      ].join('\n'),
    },
    {
      id: 'how-to-read',
      title: 'How to read it',
      wide: true,
      body: [
        '<p>An actor’s year has a <strong>quality class</strong> from the mean rating of the films of that year: <code>star</code> above 8, <code>good</code> above 7 up to 8, <code>average</code> above 6 up to 7, <code>bad</code> 6 or less (a mean of exactly 8.0 is good, 7.0 average, 6.0 bad). An actor is <strong>active</strong> in a year with at least one film; a year without films keeps the class of the most recent year with films, and counts the years since it.</p>',
        weightedNote(f),
        '<p>The history (<code>actors_history_scd</code>) is a type-2 slowly changing dimension over years: each version is a run of years with one class and one activity, from <code>start_year</code> through <code>end_year</code>, both included. A change of either opens a new version; the last one is current in the latest year.</p>',
        historyInWords(f),
        f.example && f.example.versions.length ? htmlTable('table-history-example', `The history of ${f.example.actor} (actors_history_scd)`, VERSION_COLUMNS, f.example.versions, { compact: true }) : '',
      ].join('\n'),
    },
  ];
}

export const actorsReport: ReportPage<ActorsFigures> = {
  load: loadActorsFigures,
  sources: 'tables mart_actor_quality_yearly, actors_history_scd and actors',
  // Years as the months they span: January of the first to December of the last.
  period: (f) => ({ first: f.firstYear === null ? null : `${f.firstYear}-01-01`, last: f.lastYear === null ? null : `${f.lastYear}-12-01`, detail: f.lastYear === null ? 'no films' : `${formatCount(yearTotals(f.classYears).length)} year(s) through ${f.lastYear}` }),
  charts: (f) => [qualityTimelineChart(f.classYears), activeActorsChart(f.classYears)].flatMap((c) => c ?? []),
  tiles: (f, { quality }) => tiles(f, quality),
  sections: (f, { chart }) => sections(f, chart),
  totals: (f) => {
    const last = lastYearRow(f);
    const longest = f.streaks[0];
    return {
      first_year: f.firstYear,
      last_year: f.lastYear,
      actors: last?.actors ?? null,
      active_actors: last?.active ?? null,
      ...Object.fromEntries(QUALITY_CLASSES.map((c) => [`active_${c}`, lastYearClass(f, c)?.active_actors ?? null])),
      versions: f.versions,
      longest_star_streak_years: longest?.years ?? null,
      longest_star_streak_actor: longest?.actorid ?? null,
      weighted_class_differs: f.weightedDiffers,
    };
  },
  keyFigures: (f, { quality }) => {
    const last = lastYearRow(f);
    const longest = f.streaks[0];
    return [
      // A span, not a number: a year alone would be shown with a thousands separator.
      { figure: 'years', value: f.firstYear === null || f.lastYear === null ? null : `${f.firstYear}–${f.lastYear}` },
      { figure: 'actors', value: last?.actors ?? null },
      { figure: 'active actors', value: last?.active ?? null },
      { figure: 'active stars', value: lastYearClass(f, 'star')?.active_actors ?? null },
      { figure: 'longest star streak (years)', value: longest?.years ?? null },
      { figure: 'history versions', value: f.versions },
      { figure: 'rows loaded', value: quality.rowsLoaded },
      { figure: 'rows quarantined', value: quality.rowsQuarantined },
    ];
  },
};
