// A whole run as one self-contained HTML file: the scenario, the metrics, the drawings (inline SVG,
// so it opens offline with its plots, no script, no network) and the story of the run. For a
// speaker's notes, a paper's appendix, or a student's homework.
import { metricRows } from '../../core/compare.ts';
import { scenarioToJson } from '../../core/scenario.ts';
import type { Metrics, Scenario } from '../../core/types.ts';
import { themes } from '../../view/palette.ts';
import { formatClock } from './format.ts';

export interface ReportInput {
  title: string;
  scenario: Scenario;
  metrics: Metrics;
  /** Where the run was when the report was made (ms of virtual time). */
  t: number;
  /** Drawings as SVG file text (svgFileText), with a caption each. */
  figures: { caption: string; svg: string }[];
  /** The event log's sentences. */
  log: { t: number; text: string }[];
}

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The SVG element itself, without the XML declaration a file has. */
const inlineSvg = (svg: string): string => svg.replace(/^<\?xml[^>]*>\s*/, '');

export function reportHtml(r: ReportInput): string {
  const c = themes.light;
  const rows = metricRows(r.metrics, r.metrics)
    .map(
      (m) =>
        `<tr><td>${escape(m.path)}</td><td>${escape(Array.isArray(m.a) ? m.a.join(', ') : String(m.a))}</td></tr>`,
    )
    .join('\n');
  const figures = r.figures
    .map((f) => `<figure>${inlineSvg(f.svg)}<figcaption>${escape(f.caption)}</figcaption></figure>`)
    .join('\n');
  const log = r.log
    .map((e) => `<li><span class="t">${escape(formatClock(e.t, true))}</span> ${escape(e.text)}</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(r.title)}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: ${c.ink}; background: ${c.bg}; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; } td { padding: 0.15rem 0.8rem 0.15rem 0; font-variant-numeric: tabular-nums; }
td:first-child { font-family: ui-monospace, monospace; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; border: 1px solid #ccc; }
figcaption { font-size: 0.9rem; color: ${c.muted}; }
pre { background: #f4f4f4; padding: 0.6rem; overflow: auto; font-size: 0.8rem; }
ol { padding-left: 1.2rem; } .t { font-variant-numeric: tabular-nums; color: ${c.muted}; margin-right: 0.4rem; }
</style>
</head>
<body>
<h1>${escape(r.title)}</h1>
<p>${r.scenario.nodes.length} nodes, policy ${escape(r.scenario.policy)}, distress ${r.scenario.distress ? 'on' : 'off'}, seed ${r.scenario.seed}. Shown at t = ${escape(formatClock(r.t, true))} of ${escape(formatClock(r.scenario.durationMs))}. Made with Mayday: the scenario below, run again, gives the same run.</p>
<h2>Metrics at t = ${escape(formatClock(r.t, true))}</h2>
<table>
${rows}
</table>
<h2>Drawings</h2>
${figures}
<h2>What happened</h2>
<ol>
${log}
</ol>
<h2>Scenario</h2>
<pre>${escape(scenarioToJson(r.scenario))}</pre>
</body>
</html>
`;
}
