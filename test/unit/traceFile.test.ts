// Trace files: what the Lab and `cli run --trace` write, and what an import accepts or refuses.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText } from '../../src/core/scenario.ts';
import { checkTraceEvent } from '../../src/core/traceEventCheck.ts';
import { readTraceText, traceFileLines, traceFileText, TraceFileError } from '../../src/core/traceFile.ts';
import type { Scenario, TraceEvent } from '../../src/core/types.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { TraceCheck } from '../../src/runtime/traceCheck.ts';

function scenario(extra: object = {}): Scenario {
  const r = parseScenario({
    version: 1,
    seed: 7,
    nodes: 5,
    resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
    durationMs: 30_000,
    events: [
      { at: 8000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 5000 },
      { at: 15_000, kind: 'partition', groups: [['n2'], ['n3', 'n4', 'n5']] },
      { at: 22_000, kind: 'heal' },
    ],
    ...extra,
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.scenario;
}

function exported(s: Scenario, messages = true): string {
  const out = new Simulation(s, { recordMessages: messages }).run();
  return traceFileText({ scenario: s, messages, metrics: out.metrics, count: out.events.length }, out.events);
}

/** Feed the text in chunks of `size` characters, as a file stream would. */
function check(text: string, size = 1000): ReturnType<TraceCheck['end']> {
  const c = new TraceCheck();
  for (let i = 0; i < text.length; i += size) c.push(text.slice(i, i + size));
  return c.end();
}

describe('trace files', () => {
  it('export → import → export gives the same bytes, read in chunks of any size', () => {
    const s = scenario();
    const text = exported(s);
    for (const size of [1, 7, 4096, text.length]) {
      const header = check(text, size);
      const again = new Simulation(header.scenario, { recordMessages: header.messages }).run();
      const back = traceFileText({ ...header, metrics: again.metrics }, again.events);
      expect(back).toBe(text);
    }
    const { events } = readTraceText(text);
    expect(events.length).toBeGreaterThan(100);
    expect(text.split('\n').length).toBe(events.length + 3);
  });

  it('every event the simulator writes passes the import checks (every kind listed)', () => {
    const kinds = new Set<string>();
    for (const name of readdirSync('test/scenarios')) {
      const parsed = parseScenarioText(readFileSync(`test/scenarios/${name}`, 'utf8'));
      if (!parsed.ok) throw new Error(name);
      const s = parsed.scenario;
      const out = new Simulation(s, { recordMessages: true }).run();
      let last = 0;
      for (const e of out.events) {
        expect(checkTraceEvent(e, s, last, true), `${name}: ${JSON.stringify(e)}`).toBeNull();
        kinds.add(e.kind);
        last = e.t;
      }
    }
    // The check is exercised on the kinds that matter most, not only on heartbeats.
    for (const k of [
      'distress.sent',
      'distress.rejected',
      'peer.failed',
      'role.changed',
      'invariant.violated',
      'msg.dropped',
    ]) {
      expect(kinds).toContain(k);
    }
  });

  it('refuses a trace whose events do not match its scenario, naming the event', () => {
    const text = exported(scenario());
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.includes('"distress.sent"'));
    const edited = [...lines];
    edited[i] = edited[i].replace('"async"', '"sync"');
    expect(() => check(edited.join('\n'))).toThrow(new RegExp(`event ${i - 1} does not match its scenario`));
    // The scenario changed instead (distress off): the events no longer follow from it.
    const other = lines[0].replace('"distress":true', '"distress":false');
    expect(() => check([other, ...lines.slice(1)].join('\n'))).toThrow(/does not match its scenario/);
  });

  it('refuses malformed files with the line and the reason', () => {
    const text = exported(scenario(), false);
    const lines = text.split('\n');
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['{"metrics":{},"events":[]}', /not a Mayday trace file.*cli run --json/],
      [lines.slice(0, 5).join('\n'), /cut short/],
      [
        [lines[0], '{"t":1,"kind":"peer.suspect","node":"n9","peer":"n2"}', ']}'].join('\n'),
        /line 2: event 0: peer.suspect."node": "n9" is not a node/,
      ],
      [[lines[0], '{"t":1,"kind":"teleport"}', ']}'].join('\n'), /"kind": "teleport" is not/],
      [[lines[0], 'not json', ']}'].join('\n'), /line 2: an event is not valid JSON/],
      [lines[0].replace('"version":1', '"version":9'), /version 9 is not supported/],
      [lines[0].replace('"nodes":["n1"', '"nodes":["n1","n1"'), /its scenario is not valid/],
      [
        [
          lines[0],
          '{"t":1,"kind":"msg.sent","id":1,"from":"n1","to":"n2","type":"heartbeat","deliverAt":3}',
          ']}',
        ].join('\n'),
        /holds no messages/,
      ],
    ];
    for (const [bad, reason] of cases) {
      expect(() => check(bad), bad.slice(0, 60)).toThrow(TraceFileError);
      expect(() => check(bad)).toThrow(reason);
    }
  });

  it('refuses events out of time order and an edited event count', () => {
    const text = exported(scenario(), false);
    const lines = text.split('\n');
    const swapped = [lines[0], lines[2], lines[1], ...lines.slice(3)];
    expect(() => check(swapped.join('\n'))).toThrow(/goes back in time|does not match/);
    const count = lines[0].replace(/"count":(\d+)/, (_m, n: string) => `"count":${Number(n) + 1}`);
    expect(() => check([count, ...lines.slice(1)].join('\n'))).toThrow(
      /announces \d+ events, the file holds/,
    );
  });

  it('a scenario file is not a trace file: the reader says so', () => {
    const text = readFileSync('test/scenarios/' + 'battery-async-primary.json', 'utf8');
    expect(parseScenarioText(text).ok).toBe(true);
    expect(() => check(text)).toThrow(/first line must be the header/);
  });

  it('writes one line per event, so the text is one JSON object', () => {
    const s = scenario();
    const out = new Simulation(s).run();
    const lines = [
      ...traceFileLines({ scenario: s, messages: false, metrics: out.metrics, count: 0 }, out.events),
    ];
    expect(lines.length).toBe(out.events.length + 2);
    const parsed = JSON.parse(lines.join('')) as { events: TraceEvent[]; count: number };
    expect(parsed.events).toEqual(out.events);
    expect(parsed.count).toBe(out.events.length);
  });
});
