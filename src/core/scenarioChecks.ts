// Checks that span fields: every node a resource or event names exists, events fall inside the run,
// the heartbeat times make sense. They read the raw input defensively (anything may be malformed),
// skipping what the shape check already complains about, so one pass reports every problem.
import { presetByName } from './presets.ts';
import { DEFAULT_HEARTBEAT } from './scenarioDefaults.ts';
import { describeValue, notANode, quote } from './scenarioProblems.ts';
import type { PathKey, Problem } from './scenarioProblems.ts';
import { resolveNodeNames } from './scenarioSchema.ts';

type Raw = Record<string, unknown>;

const isRecord = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export function checkReferences(raw: Raw): Problem[] {
  const problems: Problem[] = [];
  const nodes = resolveNodeNames(raw.nodes);
  /** Reports `name` at `path` if it is not a node; silent when the node list itself is broken. */
  const mustBeNode = (name: unknown, path: PathKey[]): name is string => {
    if (typeof name !== 'string' || nodes === null) return false;
    if (nodes.includes(name)) return true;
    problems.push({ path, message: notANode(name, nodes) });
    return false;
  };
  checkResources(raw.resources, mustBeNode, problems);
  checkEvents(raw, mustBeNode, problems);
  checkNetwork(raw.network, problems);
  checkHeartbeat(raw, problems);
  return problems;
}

type MustBeNode = (name: unknown, path: PathKey[]) => boolean;

function checkResources(resources: unknown, mustBeNode: MustBeNode, problems: Problem[]): void {
  const namedAt = new Map<string, number>();
  list(resources).forEach((r, i) => {
    if (!isRecord(r)) return;
    if (typeof r.name === 'string') {
      const first = namedAt.get(r.name);
      if (first === undefined) namedAt.set(r.name, i);
      else
        problems.push({
          path: ['resources', i, 'name'],
          message: `${quote(r.name)} is used by resources[${first}] too`,
        });
    }
    mustBeNode(r.primary, ['resources', i, 'primary']);
    const seen = new Set<string>();
    list(r.backups).forEach((b, j) => {
      const path = ['resources', i, 'backups', j];
      if (!mustBeNode(b, path)) return;
      const name = b as string;
      if (name === r.primary) {
        const resource = typeof r.name === 'string' ? ` of ${quote(r.name)}` : '';
        problems.push({
          path,
          message: `${quote(name)} is already the primary${resource}; a backup must be another node`,
        });
      } else if (seen.has(name)) {
        problems.push({ path, message: `${quote(name)} is listed twice` });
      }
      seen.add(name);
    });
  });
}

function checkEvents(raw: Raw, mustBeNode: MustBeNode, problems: Problem[]): void {
  const duration = isNumber(raw.durationMs) && raw.durationMs > 0 ? raw.durationMs : undefined;
  list(raw.events).forEach((e, i) => {
    if (!isRecord(e)) return;
    const path = (...rest: PathKey[]): PathKey[] => ['events', i, ...rest];
    if (duration !== undefined && isNumber(e.at) && e.at > duration) {
      problems.push({
        path: path('at'),
        message: `${e.at} is after the end of the run (durationMs ${duration})`,
      });
    }
    switch (e.kind) {
      case 'failure':
      case 'crash':
      case 'pause':
      case 'recover':
      case 'rejoin':
      case 'admin':
        mustBeNode(e.node, path('node'));
        break;
      case 'partition':
        checkGroups(e.groups, path('groups'), mustBeNode, problems);
        break;
      case 'cut': {
        const fromOk = mustBeNode(e.from, path('from'));
        const seen = new Set<string>();
        list(e.to).forEach((to, j) => {
          if (!mustBeNode(to, path('to', j))) return;
          const name = to as string;
          if (fromOk && name === e.from) {
            problems.push({
              path: path('to', j),
              message: `a node cannot cut its link to itself (${quote(name)})`,
            });
          } else if (seen.has(name)) {
            problems.push({ path: path('to', j), message: `${quote(name)} is listed twice` });
          }
          seen.add(name);
        });
        break;
      }
      case 'forge-distress': {
        const fromOk = mustBeNode(e.from, path('from'));
        if (mustBeNode(e.claim, path('claim')) && fromOk && e.claim === e.from) {
          problems.push({
            path: path('claim'),
            message: `a forged distress claims to be another node, not its sender (${quote(e.from as string)})`,
          });
        }
        break;
      }
    }
  });
}

/** Nodes that no group lists are not an error: together they form one more group. */
function checkGroups(groups: unknown, path: PathKey[], mustBeNode: MustBeNode, problems: Problem[]): void {
  const groupOf = new Map<string, number>();
  list(groups).forEach((group, g) => {
    list(group).forEach((node, j) => {
      if (!mustBeNode(node, [...path, g, j])) return;
      const name = node as string;
      const first = groupOf.get(name);
      if (first === undefined) groupOf.set(name, g);
      else {
        const where = first === g ? 'is listed twice in this group' : `is already in groups[${first}]`;
        problems.push({ path: [...path, g, j], message: `${quote(name)} ${where}` });
      }
    });
  });
}

function checkNetwork(network: unknown, problems: Problem[]): void {
  if (!isRecord(network) || !Array.isArray(network.latencyMs) || network.latencyMs.length !== 2) return;
  const [min, max] = network.latencyMs as unknown[];
  if (isNumber(min) && isNumber(max) && min > max) {
    problems.push({
      path: ['network', 'latencyMs'],
      message: `the minimum (${min}) is more than the maximum (${max}); write [min, max]`,
    });
  }
}

/** On the values in force: a preset or the defaults may supply one of the two. */
function checkHeartbeat(raw: Raw, problems: Problem[]): void {
  const preset = typeof raw.preset === 'string' ? presetByName(raw.preset) : undefined;
  const given = isRecord(raw.heartbeat) ? raw.heartbeat : {};
  const source = preset === undefined ? 'the default' : `from preset ${quote(preset.name)}`;
  const pick = (key: 'intervalMs' | 'timeoutMs') => {
    if (key in given) return { value: given[key], explicit: true, note: '' };
    return { value: (preset?.heartbeat ?? DEFAULT_HEARTBEAT)[key], explicit: false, note: `, ${source}` };
  };
  const interval = pick('intervalMs');
  const timeout = pick('timeoutMs');
  if (!isNumber(interval.value) || !isNumber(timeout.value) || interval.value <= 0) return;
  if (timeout.value > interval.value) return;
  // Blame the value the author wrote, not the one that came from a default.
  if (timeout.explicit || !interval.explicit) {
    problems.push({
      path: ['heartbeat', 'timeoutMs'],
      message:
        `must be more than heartbeat.intervalMs (${interval.value}${interval.note}), got ${describeValue(timeout.value)}` +
        ' (a peer is suspected only after missing at least one heartbeat)',
    });
  } else {
    problems.push({
      path: ['heartbeat', 'intervalMs'],
      message: `must be less than heartbeat.timeoutMs (${timeout.value}${timeout.note}), got ${interval.value}`,
    });
  }
}
