// The run's metrics as CSV and as an HTML report: plain text a spreadsheet or a browser reads alone.
import { describe, expect, it } from 'vitest';
import { metricsCsv } from '../../src/core/metricsCsv.ts';
import { parseScenario } from '../../src/core/scenario.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { reportHtml } from '../../src/ui/lab/report.ts';

const parsed = parseScenario({
  version: 1,
  seed: 2,
  nodes: 3,
  resources: [{ name: 'db', primary: 'n1', backups: ['n2'] }],
  durationMs: 10_000,
  events: [{ at: 2000, kind: 'failure', node: 'n1', type: 'power-loss' }],
});
if (!parsed.ok) throw new Error(parsed.errors.join());
const scenario = parsed.scenario;

describe('metrics CSV', () => {
  it('one row per sample, one column per metric, values as the run had them', () => {
    const sim = new Simulation(scenario);
    const samples = [0, 5000, 10_000].map((t) => {
      sim.runUntil(t);
      return { t, metrics: sim.metrics() };
    });
    const lines = metricsCsv(samples).trim().split('\n');
    expect(lines).toHaveLength(4);
    const head = lines[0].split(',');
    expect(head.slice(0, 3)).toEqual(['t_ms', 'resources.db.unavailableMs', 'resources.db.splitBrainMs']);
    const last = lines[3].split(',');
    expect(last[head.indexOf('distress.sent')]).toBe('1');
    expect(lines[1].split(',')[head.indexOf('distress.sent')]).toBe('0');
    expect(last[head.indexOf('resources.db.failoverMs')]).toBe(
      samples[2].metrics.resources.db.failoverMs.join(' '),
    );
  });
});

describe('HTML report', () => {
  it('stands alone: no script, no outside file; text escaped; figures inline', () => {
    const out = new Simulation(scenario).run();
    const html = reportHtml({
      title: 'Run <1>',
      scenario,
      metrics: out.metrics,
      t: 10_000,
      figures: [
        {
          caption: 'Ring',
          svg: '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>',
        },
      ],
      log: [{ t: 2000, text: 'n1 sees <power-loss> coming' }],
    });
    expect(html).not.toMatch(/<script|<link|src=|url\(/);
    expect(html).toContain('<title>Run &lt;1&gt;</title>');
    expect(html).toContain('<figure><svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>');
    expect(html).toContain('n1 sees &lt;power-loss&gt; coming');
    expect(html).toContain('distress.sent</td><td>1</td>');
  });
});
