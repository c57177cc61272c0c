// Checking one event read from a trace file (DESIGN §4.2) against the scenario it claims to come
// from: a known kind, exactly its fields, node and resource names of that scenario, time in order.
// An imported file is outside input: nothing in it is trusted before it passes here.
import { MESSAGE_TYPES } from './messages.ts';
import type { Scenario } from './types.ts';

type FieldType =
  | 'node'
  | 'nodes'
  | 'groups'
  | 'resource'
  | 'text'
  | 'ms'
  | 'id'
  | 'role'
  | 'mode'
  | 'cause'
  | 'action'
  | 'message';

const ROLES = ['primary', 'backup', 'none'];
const MODES = ['sync', 'async'];
const CAUSES = ['distress', 'timeout', 'admin', 'fenced'];
const ACTIONS = ['mark-failed', 'keep-waiting'];

const NODE = { node: 'node' } as const;
const OBSERVE = { node: 'node', peer: 'node' } as const;
const MSG = { id: 'id', from: 'node', to: 'node', type: 'message' } as const;

/** Every kind the simulator writes, with the fields after `t` and `kind`. */
export const TRACE_KINDS: Record<string, Record<string, FieldType>> = {
  'failure.detected': { node: 'node', failure: 'text', warningMs: 'ms' },
  'distress.sent': { node: 'node', mode: 'mode', failure: 'text' },
  'distress.lost': { node: 'node', reason: 'text' },
  'distress.received': { node: 'node', from: 'node' },
  'distress.rejected': { node: 'node', from: 'node', reason: 'text' },
  'node.fenced': NODE,
  'node.died': { node: 'node', reason: 'text' },
  'node.recovered': NODE,
  'node.rejoined': NODE,
  'node.paused': { node: 'node', ms: 'ms' },
  'node.resumed': NODE,
  'shutdown.completed': NODE,
  'peer.suspect': OBSERVE,
  'peer.alive': OBSERVE,
  'peer.failed': { node: 'node', peer: 'node', cause: 'cause' },
  'peer.partitioned': OBSERVE,
  'admin.required': { peer: 'node' },
  'admin.action': { peer: 'node', action: 'action' },
  'fence.started': OBSERVE,
  'fence.succeeded': OBSERVE,
  'fence.failed': OBSERVE,
  'role.changed': { node: 'node', resource: 'resource', role: 'role' },
  'lease.lost': { node: 'node', resource: 'resource' },
  'network.partition': { groups: 'groups' },
  'network.cut': { from: 'node', to: 'nodes' },
  'network.heal': {},
  'invariant.violated': { invariant: 'text', resource: 'resource', nodes: 'nodes' },
  'invariant.restored': { invariant: 'text', resource: 'resource' },
  'msg.sent': { ...MSG, deliverAt: 'ms' },
  'msg.delivered': { ...MSG, sentAt: 'ms' },
  'msg.dropped': { ...MSG, reason: 'text' },
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const nodeList = (s: Scenario): string =>
  s.nodes.length <= 6 ? s.nodes.join(', ') : `${s.nodes[0]}–${s.nodes[s.nodes.length - 1]}`;

function fieldProblem(value: unknown, type: FieldType, s: Scenario): string | null {
  const isNode = (v: unknown): boolean => typeof v === 'string' && s.nodes.includes(v);
  switch (type) {
    case 'node':
      return isNode(value) ? null : `${JSON.stringify(value)} is not a node of the scenario (${nodeList(s)})`;
    case 'nodes':
      return Array.isArray(value) && value.every(isNode) ? null : 'must be a list of the scenario’s nodes';
    case 'groups':
      return Array.isArray(value) && value.every((g) => Array.isArray(g) && g.every(isNode))
        ? null
        : 'must be a list of groups of the scenario’s nodes';
    case 'resource':
      return typeof value === 'string' && s.resources.some((r) => r.name === value)
        ? null
        : `${JSON.stringify(value)} is not a resource of the scenario`;
    case 'text':
      return typeof value === 'string' ? null : 'must be text';
    case 'ms':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0
        ? null
        : 'must be a number of ms ≥ 0';
    case 'id':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? null : 'must be a whole number ≥ 0';
    case 'role':
      return oneOf(value, ROLES);
    case 'mode':
      return oneOf(value, MODES);
    case 'cause':
      return oneOf(value, CAUSES);
    case 'action':
      return oneOf(value, ACTIONS);
    case 'message':
      return oneOf(value, MESSAGE_TYPES);
  }
}

function oneOf(value: unknown, choices: readonly string[]): string | null {
  return typeof value === 'string' && choices.includes(value) ? null : `must be one of ${choices.join(', ')}`;
}

/**
 * Null when `value` is an event the scenario's run could hold at or after `lastT`; otherwise what is
 * wrong, naming the field. `messages`: whether the file says it holds msg.* events.
 */
export function checkTraceEvent(
  value: unknown,
  s: Scenario,
  lastT: number,
  messages: boolean,
): string | null {
  if (!isRecord(value)) return 'an event must be a JSON object';
  const { t, kind } = value;
  if (typeof kind !== 'string' || !(kind in TRACE_KINDS))
    return `"kind": ${JSON.stringify(kind)} is not a trace event kind`;
  if (typeof t !== 'number' || !Number.isFinite(t)) return `"t" must be a number of ms`;
  if (t < lastT) return `"t" = ${t} goes back in time (the previous event is at ${lastT})`;
  if (t > s.durationMs) return `"t" = ${t} is after the end of the run (${s.durationMs} ms)`;
  if (kind.startsWith('msg.') && !messages) return `${kind}: the header says the file holds no messages`;
  const fields = TRACE_KINDS[kind];
  for (const [name, type] of Object.entries(fields)) {
    if (!(name in value)) return `${kind}: "${name}" is missing`;
    const problem = fieldProblem(value[name], type, s);
    if (problem) return `${kind}."${name}": ${problem}`;
  }
  for (const name of Object.keys(value)) {
    if (name !== 't' && name !== 'kind' && !(name in fields)) return `${kind}: unknown field "${name}"`;
  }
  return null;
}
