"""The report's inline stylesheet and script: the page loads nothing from anywhere."""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root { --reference:#2563eb; --criterion:#16a34a; --summary:#0d9488; --target:#ea580c;
  --deadline:#9333ea; --metadata:#64748b; --warning:#dc2626; --met:#22c55e; --unmet:#f87171;
  --targeted:#fbbf24; --ink:#1e293b; --muted:#64748b; --line:#e2e8f0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink);
  margin: 0; background: #f8fafc; }
header { background: #0f172a; color: #f8fafc; padding: 14px 24px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #cbd5e1; }
nav { position: sticky; top: 0; z-index: 5; background: #1e293b; padding: 6px 24px; }
nav a { color: #e2e8f0; margin-right: 18px; text-decoration: none; font-weight: 600; }
nav a:hover { text-decoration: underline; }
main { padding: 0 24px 40px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 16px 0; padding: 4px 16px 12px; }
h2 { font-size: 17px; margin: 10px 0; }
h3 { font-size: 15px; margin: 12px 0 6px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #f1f5f9; }
.doc-items thead th { position: sticky; top: 0; }
[id] { scroll-margin-top: 48px; }  /* clear of the sticky navigation bar */
td.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: #1d4ed8; }
.note, .empty { color: var(--muted); }
.scroll { overflow-x: auto; }
details > summary { cursor: pointer; }
.legend { margin: 6px 0; }
.legend .key, .legend label { margin-right: 14px; white-space: nowrap; }
code { background: #f1f5f9; padding: 0 3px; border-radius: 3px; }
small { color: var(--muted); }
/* highlights: a tint and an underline per kind, so nested marks stay readable */
mark { background: transparent; color: inherit; padding: 0; border-bottom: 2px solid transparent; }
mark.reference { background: rgba(37,99,235,.14); border-color: var(--reference); }
mark.criterion { background: rgba(22,163,74,.16); border-color: var(--criterion); }
mark.summary { background: rgba(13,148,136,.16); border-color: var(--summary); }
mark.target { background: rgba(234,88,12,.13); border-color: var(--target); }
mark.deadline { background: rgba(147,51,234,.13); border-color: var(--deadline); }
mark.metadata { background: rgba(100,116,139,.13); border-color: var(--metadata); }
mark.warning { text-decoration: underline wavy var(--warning); border: 0; }
mark[title]:hover { outline: 1px solid var(--ink); }
mark:target, mark.flash { outline: 2px solid #f59e0b; animation: flash 1.6s ease-out; }
@keyframes flash { from { background: #fde68a; } }
body.hide-reference mark.reference, body.hide-criterion mark.criterion, body.hide-summary mark.summary,
body.hide-target mark.target, body.hide-deadline mark.deadline, body.hide-metadata mark.metadata,
body.hide-warning mark.warning { background: transparent; border-color: transparent; text-decoration: none; }
.chip { display: inline-block; border-radius: 9px; padding: 0 7px; margin-right: 4px; font-size: 12px;
  color: #fff; background: var(--muted); white-space: nowrap; }
.chip.reference { background: var(--reference); } .chip.criterion { background: var(--criterion); }
.chip.summary { background: var(--summary); } .chip.target { background: var(--target); }
.chip.deadline { background: var(--deadline); } .chip.metadata { background: var(--metadata); }
.chip.warning { background: var(--warning); }
/* documents */
details.doc { border-top: 1px solid var(--line); padding: 6px 0; }
details.doc > summary { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.doc-name { font-weight: 700; } .doc-place { color: #0f766e; } .doc-what { color: var(--muted); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; font-size: 13px; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; }
.problems { background: #fef2f2; border: 1px solid #fecaca; padding: 6px 10px; margin: 6px 0; }
.doc-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; }
.doc-text { white-space: pre-wrap; font: 13px/1.6 "DejaVu Serif", "Liberation Serif", serif; background: #fcfcfd;
  border: 1px solid var(--line); padding: 10px 14px; max-height: 80vh; overflow: auto; }
.doc-items { max-height: 80vh; overflow: auto; }
span.page::before { content: "page " attr(data-page); display: inline-block; margin: 0 3px; padding: 0 4px;
  font: 10px/1.4 sans-serif; vertical-align: 2px; color: #fff; background: var(--muted); border-radius: 3px; }
@media (max-width: 900px) { .doc-grid { grid-template-columns: 1fr; } }
/* heatmap */
table.heatmap td.cell, .legend .cell { width: 26px; min-width: 26px; text-align: center; border: 1px solid #fff; }
.legend .cell { display: inline-block; height: 20px; line-height: 20px; border-radius: 3px; }
.cell.met { background: var(--met); } .cell.unmet { background: var(--unmet); }
.cell.target { background: var(--targeted); } .cell.none { background: #f1f5f9; }
.cell a { color: #0f172a; text-decoration: none; display: block; }
table.heatmap th.crit { text-align: center; width: 26px; }
table.heatmap tbody th { font-weight: normal; white-space: nowrap; }
table.heatmap .commune { font-weight: 600; }
table.heatmap tfoot td, table.heatmap tfoot th { color: var(--muted); font-size: 12px; }
.criteria-names ol { columns: 3; font-size: 13px; }
/* targets, citations, deadlines */
details.indicator { margin: 8px 0; border-left: 3px solid var(--target); padding-left: 10px; }
.kind { border-radius: 3px; padding: 0 4px; }
.kind.target { background: rgba(234,88,12,.18); } .kind.result { background: rgba(37,99,235,.16); }
.meter { width: 60px; height: 10px; vertical-align: middle; }
.meter::-webkit-meter-bar { background: none; border: 0; }
.meter::-webkit-meter-optimum-value { background: var(--reference); border-radius: 2px; }
.meter::-moz-meter-bar { background: var(--reference); border-radius: 2px; }
svg.chart { display: block; margin: 8px 0; font-size: 11px; }
svg .grid { stroke: var(--line); } svg .lane { stroke: #f1f5f9; }
svg .tick, svg .unit, svg .value, svg .as-of-label { fill: var(--muted); }
svg .label { fill: var(--ink); }
svg .bar.target { fill: var(--target); } svg .bar.result { fill: var(--reference); }
svg .bar.range { opacity: .45; }
svg .event.upcoming { fill: var(--deadline); } svg .event.past { fill: #cbd5e1; }
svg rect.event { opacity: .55; }
svg .as-of { stroke: var(--warning); stroke-dasharray: 4 3; }
svg a:hover .bar, svg a:hover .event { stroke: var(--ink); }
"""

# Following a link into a folded document opens it first, then flashes the item.
JS = """
(function () {
  function reveal(id, scroll) {
    var el = document.getElementById(id);
    if (!el) return;
    for (var p = el; p; p = p.parentElement) {  // the element itself may be a folded document
      if (p.tagName === 'DETAILS') p.open = true;
    }
    if (scroll) el.scrollIntoView({block: 'center'});
    el.classList.remove('flash'); void el.getBoundingClientRect(); el.classList.add('flash');
  }
  function idOf(href) {
    if (!href || href.charAt(0) !== '#' || href.length < 2) return null;
    try { return decodeURIComponent(href.slice(1)); } catch (e) { return href.slice(1); }
  }
  document.addEventListener('click', function (event) {
    var a = event.target.closest ? event.target.closest('a') : null;
    var id = a && idOf(a.getAttribute('href'));
    if (id) reveal(id, false);
  });
  window.addEventListener('hashchange', function () { var id = idOf(location.hash); if (id) reveal(id, true); });
  var toggles = document.querySelectorAll('input[data-kind]');
  for (var i = 0; i < toggles.length; i++) {
    toggles[i].addEventListener('change', function (event) {
      document.body.classList.toggle('hide-' + event.target.getAttribute('data-kind'), !event.target.checked);
    });
  }
  var fold = document.querySelectorAll('button[data-fold]');
  for (var j = 0; j < fold.length; j++) {
    fold[j].addEventListener('click', function (event) {
      var open = event.target.getAttribute('data-fold') === 'open';
      var docs = document.querySelectorAll('details.doc');
      for (var k = 0; k < docs.length; k++) docs[k].open = open;
    });
  }
  if (location.hash) { var first = idOf(location.hash); if (first) reveal(first, true); }
})();
"""


def _source_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


# Page-wide policy: nothing fetched (a stray URL fails loudly); of styles and scripts only these
# two, by their hashes (the page has no style attributes): markup that found its way into a
# document's text would neither run nor restyle the page.
CSP = f"default-src 'none'; style-src {_source_hash(CSS)}; script-src {_source_hash(JS)}; img-src data:"
