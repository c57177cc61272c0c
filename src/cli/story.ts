// The readable summary of `cli run`: the run told in plain sentences for a student, then the metrics.
// Observers' verdicts about the same peer come in bursts (every survivor hears the distress), so
// those are gathered into one line per burst.
import { describeCluster } from '../core/scenarioProblems.ts';
import type { FailedCause, Role, RunOutput, Scenario, TraceEvent } from '../core/types.ts';
import type { RefusedEvent } from '../runtime/simulation.ts';

/** Lines of story beyond this are counted, not printed: --json has the whole trace. */
const MAX_LINES = 80;
/** Verdicts about one peer within this window of the first join its line. */
const BURST_MS = 1000;

const CAUSE: Record<FailedCause, string> = {
  distress: 'on its distress signal',
  timeout: 'after silence past the timeout',
  admin: "on the administrator's word",
  fenced: 'as it was fenced',
};

interface Line {
  t: number;
  last: number;
  text: (who: string, many: boolean) => string;
  who: string[];
}

/** `t = 10.0 s` on round tenths; to the ms otherwise, where sub-second order is the point. */
export function formatTime(ms: number): string {
  return `${seconds(ms, digitsFor(ms))} s`;
}

const digitsFor = (ms: number): number => (Number.isInteger(ms / 100) ? 1 : 3);
const seconds = (ms: number, digits: number): string => (ms / 1000).toFixed(digits);

/** `t = 10.002–10.004 s`: both ends at one precision; one time when they print the same. */
export function formatSpan(from: number, to: number): string {
  const digits = Math.max(digitsFor(from), digitsFor(to));
  const [a, b] = [seconds(from, digits), seconds(to, digits)];
  return a === b ? `t = ${a} s` : `t = ${a}–${b} s`;
}

function list(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function describeScenario(s: Scenario): string[] {
  const policy = s.preset === null ? s.policy : `${s.policy} (preset ${s.preset})`;
  const distress = s.distress
    ? `on (${s.options.preformed ? 'pre-formed' : 'composed at failure time'}, mode ${s.options.mode})`
    : 'off';
  return [
    `Scenario: ${s.nodes.length} nodes (${describeCluster(s.nodes)}), policy ${policy}, distress ${distress}, ` +
      `seed ${s.seed}, ${formatTime(s.durationMs)} of virtual time.`,
    ...s.resources.map(
      (r) =>
        `  ${r.name}: primary ${r.primary}${r.backups.length > 0 ? `, backups ${r.backups.join(', ')}` : ''}`,
    ),
  ];
}

/** One sentence per event worth telling; null for the ones a summary leaves out. */
function sentence(e: TraceEvent, roles: Map<string, Role>): string | null {
  switch (e.kind) {
    case 'failure.detected':
      return `${e.node} saw a failure coming: ${e.failure}, ${e.warningMs} ms of warning.`;
    case 'distress.sent':
      return e.mode === 'sync'
        ? `${e.node} sent its distress signal synchronously, on the current task (${e.failure}).`
        : `${e.node} handed its distress signal to the dedicated task, sent asynchronously (${e.failure}).`;
    case 'distress.lost':
      return `${e.node} died before its distress signal left (${e.reason}).`;
    case 'node.fenced':
      return `${e.node} removed itself from the cluster: no roles until it rejoins.`;
    case 'node.died':
      return `${e.node} died (${e.reason}).`;
    case 'node.recovered':
      return `${e.node} recovered; it stays offline until it rejoins.`;
    case 'node.rejoined':
      return `${e.node} rejoined the cluster.`;
    case 'node.paused':
      return `${e.node} paused for ${e.ms} ms: it sends and hears nothing, and does not know it.`;
    case 'node.resumed':
      return `${e.node} resumed.`;
    case 'shutdown.completed':
      return `${e.node} finished its orderly shutdown.`;
    case 'admin.required':
      return `The cluster needs an administrator to decide about ${e.peer}.`;
    case 'admin.action':
      return e.action === 'mark-failed'
        ? `The administrator marked ${e.peer} failed.`
        : `The administrator chose to keep waiting for ${e.peer}.`;
    case 'fence.started':
      return `${e.node} asked the fence device to power ${e.peer} off.`;
    case 'fence.succeeded':
      return `The fence device powered ${e.peer} off.`;
    case 'fence.failed':
      return `Fencing ${e.peer} failed.`;
    case 'role.changed': {
      const key = `${e.node}\u0000${e.resource}`;
      const before = roles.get(key);
      roles.set(key, e.role);
      if (e.t === 0) return null;
      if (e.role === 'primary') return `${e.node} became primary of ${e.resource}.`;
      return before === 'primary' ? `${e.node} stopped being primary of ${e.resource}.` : null;
    }
    case 'lease.lost':
      return `${e.node} lost its lease on ${e.resource} and stopped serving it.`;
    case 'network.partition':
      return `The network split into ${e.groups.map((g) => `{${g.join(', ')}}`).join(' | ')}.`;
    case 'network.cut':
      return `The link ${e.from} → ${e.to.join(', ')} was cut (one way).`;
    case 'network.heal':
      return 'The network healed.';
    case 'invariant.violated':
      return e.invariant === 'split-brain'
        ? `SPLIT BRAIN on ${e.resource}: ${list(e.nodes)} act as primary at once.`
        : `Invariant broken (${e.invariant}) on ${e.resource}: ${list(e.nodes)}.`;
    case 'invariant.restored':
      return `${e.invariant === 'split-brain' ? 'Split brain' : e.invariant} on ${e.resource} is over.`;
    default:
      return null;
  }
}

/** Verdicts many observers reach about one peer: [burst key, observer, sentence]. */
function burst(e: TraceEvent): [string, string, (who: string, many: boolean) => string] | null {
  switch (e.kind) {
    case 'distress.received':
      return [`recv ${e.from}`, e.node, (who) => `${who} received ${e.from}'s distress signal.`];
    case 'distress.rejected':
      return [
        `rej ${e.from} ${e.reason}`,
        e.node,
        (who) => `${who} rejected a distress claiming to come from ${e.from} (${e.reason}).`,
      ];
    case 'peer.failed':
      return [
        `failed ${e.peer} ${e.cause}`,
        e.node,
        (who) => `${who} judged ${e.peer} failed ${CAUSE[e.cause]}.`,
      ];
    case 'peer.partitioned':
      return [
        `part ${e.peer}`,
        e.node,
        (who) => `${who} judged ${e.peer} partitioned: silent, cause unknown, so no failover.`,
      ];
    case 'peer.suspect':
      return [
        `suspect ${e.peer}`,
        e.node,
        (who, many) => `${who} ${many ? 'suspect' : 'suspects'} ${e.peer}: no heartbeat.`,
      ];
    case 'peer.alive':
      return [`alive ${e.peer}`, e.node, (who, many) => `${who} ${many ? 'hear' : 'hears'} ${e.peer} again.`];
    default:
      return null;
  }
}

export function storyLines(events: readonly TraceEvent[]): string[] {
  const lines: Line[] = [];
  const open = new Map<string, Line>();
  const roles = new Map<string, Role>();
  for (const e of events) {
    const b = burst(e);
    if (b) {
      const [key, who, text] = b;
      const line = open.get(key);
      if (line && e.t - line.t <= BURST_MS) {
        if (!line.who.includes(who)) line.who.push(who);
        line.last = e.t;
        continue;
      }
      const fresh: Line = { t: e.t, last: e.t, text, who: [who] };
      open.set(key, fresh);
      lines.push(fresh);
      continue;
    }
    const text = sentence(e, roles);
    if (text !== null) lines.push({ t: e.t, last: e.t, text: () => text, who: [] });
  }
  const stamps = lines.map((l) => (l.last === l.t ? `t = ${formatTime(l.t)}` : formatSpan(l.t, l.last)));
  const width = Math.max(0, ...stamps.slice(0, MAX_LINES).map((s) => s.length));
  const out = lines
    .slice(0, MAX_LINES)
    .map((l, i) => `  ${stamps[i].padEnd(width)}  ${l.text(list(l.who), l.who.length > 1)}`);
  if (lines.length > MAX_LINES) {
    out.push(`  … and ${lines.length - MAX_LINES} more (--json prints the whole trace)`);
  }
  return out.length > 0 ? out : ['  Nothing happened: every node stayed healthy.'];
}

function ms(x: number): string {
  return `${Math.round(x * 1000) / 1000} ms`;
}

export function metricLines(output: RunOutput): string[] {
  const m = output.metrics;
  const lines = Object.entries(m.resources).map(([name, r]) => {
    const failovers =
      r.failovers === 0
        ? 'no failover'
        : `${r.failovers} failover${r.failovers === 1 ? '' : 's'} (${r.failoverMs.map(ms).join(', ')})`;
    return `  ${name}: unavailable ${ms(r.unavailableMs)}, split brain ${ms(r.splitBrainMs)}, ${failovers}`;
  });
  const d = m.distress;
  lines.push(`  distress: ${d.sent} sent, ${d.delivered} received, ${d.lost} lost, ${d.rejected} rejected`);
  lines.push(
    `  administrator interventions: ${m.adminInterventions}, false failovers: ${m.falseFailovers}, ` +
      `invalid messages: ${m.invalidMessages}`,
  );
  const msgs = output.events.filter((e) => e.kind.startsWith('msg.'));
  if (msgs.length > 0) {
    const count = (kind: string): number => msgs.filter((e) => e.kind === kind).length;
    lines.push(
      `  messages: ${count('msg.sent')} sent, ${count('msg.delivered')} delivered, ${count('msg.dropped')} dropped`,
    );
  }
  return lines;
}

export function formatStory(
  scenario: Scenario,
  output: RunOutput,
  refused: readonly RefusedEvent[] = [],
): string {
  const lines = [
    ...describeScenario(scenario),
    '',
    'What happened',
    ...storyLines(output.events),
    '',
    'Metrics',
    ...metricLines(output),
  ];
  if (refused.length > 0) {
    // The same refusals as the Lab's node menu (runtime/nodeActions.ts): the node was not in a state for them.
    lines.push('', 'Events refused (nothing happened)');
    for (const r of refused)
      lines.push(`  events[${r.index}] at ${formatTime(r.at)}, ${r.kind}: ${r.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
