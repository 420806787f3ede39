/**
 * The page's only CSS (inline: the CSP allows no stylesheet files). Text colours keep at least
 * 4.5:1 contrast on their backgrounds; the layout has one column below 1100 px and two above,
 * and charts shrink with their viewBox instead of overflowing.
 */
export const STYLES = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1f2937; background: #f3f4f6; }
header, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 20px; }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 6px; }
h2 { font-size: 19px; line-height: 1.3; margin: 0 0 12px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
p { margin: 0 0 10px; }
.asof { color: #374151; overflow-wrap: anywhere; }
.asof code, td code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 13px; }
.warning { background: #fef3c7; border: 1px solid #b45309; color: #78350f; padding: 8px 12px; border-radius: 6px; overflow-wrap: anywhere; }
main { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; padding-top: 8px; }
@media (min-width: 1100px) { main { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
.card { background: #ffffff; border: 1px solid #d1d5db; border-radius: 8px; padding: 16px; min-width: 0; }
.card.wide { grid-column: 1 / -1; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px; list-style: none; padding: 0; margin: 0; }
.tile { border: 1px solid #d1d5db; border-radius: 8px; padding: 10px 12px; background: #f9fafb; }
.tile .label { display: block; font-size: 13px; color: #374151; }
.tile .value { display: block; font-size: 22px; font-weight: bold; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.tile .note { display: block; font-size: 13px; color: #4b5563; }
.good { color: #047857; }
.bad { color: #b91c1c; }
figure { margin: 0; }
figcaption { font-size: 13px; color: #4b5563; margin-top: 4px; }
svg.marks { display: block; max-width: 100%; height: auto; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 16px; align-items: start; }
.columns > * { min-width: 0; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: #374151; padding: 4px 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e5e7eb; text-align: left; vertical-align: top; }
th { background: #f3f4f6; white-space: nowrap; }
td { overflow-wrap: break-word; }
.num { text-align: right; white-space: nowrap; }
td.long, th.long { min-width: 10em; overflow-wrap: anywhere; }
details { margin-top: 10px; }
summary { cursor: pointer; color: #1d4ed8; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 16px; margin: 0; }
dt { color: #374151; }
dd { margin: 0; overflow-wrap: anywhere; }
table.compact { font-size: 12px; }
table.compact th, table.compact td { padding: 3px 5px; }
th.group { text-align: center; border-bottom: 1px solid #d1d5db; }
th.group:empty { border-bottom: 0; }
tr.total td, tr.subtotal td { font-weight: bold; }
tr.total td { border-top: 2px solid #6b7280; }
tr.subtotal td { background: #f9fafb; }
table td.indent-1 { padding-left: 22px; }
table td.indent-2 { padding-left: 40px; }
tr.highlight td { background: #fef3c7; }
.download a { color: #1d4ed8; }
footer { color: #4b5563; font-size: 13px; padding-top: 20px; padding-bottom: 24px; }
@media print { body { background: #ffffff; } .card { break-inside: avoid; } }
`;
