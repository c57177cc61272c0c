// Every change the Lab makes to a scenario (cluster size, resources, settings, recorded actions) is
// written as plain JSON and parsed again by the core, so the Lab can never run a scenario that the
// CLI would refuse, and every problem comes back as the core's message naming the field.
import { parseScenario, type ParseResult } from '../../core/scenario.ts';
import { scenarioToPlain } from '../../core/scenarioJson.ts';
import { presetByName } from '../../core/presets.ts';
import type { NodeId, PresetName, ResourceSpec, Scenario, ScenarioEvent } from '../../core/types.ts';
import { MAX_NODES, MIN_NODES } from './nodeActions.ts';

export type EditResult = ParseResult & { note?: string };

/** A deep, mutable copy of a scenario to edit, then `reparse`. */
export function draft(s: Scenario): Scenario {
  return structuredClone(s) as Scenario;
}

export function reparse(s: Scenario): ParseResult {
  return parseScenario(scenarioToPlain(s));
}

/** The base scenario with the user's recorded actions merged in, as the CLI would run it. */
export function withActions(base: Scenario, actions: readonly ScenarioEvent[]): Scenario {
  if (actions.length === 0) return base;
  // Stable sort: at equal times the file's events come first, then the actions in the order taken.
  const events = [...base.events, ...actions].sort((a, b) => a.at - b.at);
  return { ...base, events };
}

/** The next free name: one past the highest nK, so new nodes join at the end of the ring. */
export function nextNodeName(nodes: readonly NodeId[]): NodeId {
  let max = nodes.length;
  for (const id of nodes) {
    const m = /^n(\d+)$/.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  let k = max + 1;
  while (nodes.includes(`n${k}`)) k++;
  return `n${k}`;
}

export function addNode(s: Scenario): EditResult {
  if (s.nodes.length >= MAX_NODES) return { ok: false, errors: [`at most ${MAX_NODES} nodes in the Lab`] };
  const d = draft(s);
  const id = nextNodeName(d.nodes);
  d.nodes.push(id);
  return { ...reparse(d), note: id };
}

/** Removes a node and everything that names it: its roles, and events about it. */
export function removeNode(s: Scenario, id: NodeId): EditResult {
  if (!s.nodes.includes(id)) return { ok: false, errors: [`${id} is not a node of this cluster`] };
  if (s.nodes.length <= MIN_NODES)
    return { ok: false, errors: [`a cluster here has at least ${MIN_NODES} nodes`] };
  const d = draft(s);
  d.nodes = d.nodes.filter((n) => n !== id);
  const resources: ResourceSpec[] = [];
  for (const r of d.resources) {
    if (r.primary === id) {
      if (r.backups.length === 0) {
        return { ok: false, errors: [`${id} is the only node for ${r.name}: give ${r.name} a backup first`] };
      }
      resources.push({ name: r.name, primary: r.backups[0], backups: r.backups.slice(1) });
    } else resources.push({ ...r, backups: r.backups.filter((b) => b !== id) });
  }
  d.resources = resources;
  const before = d.events.length;
  d.events = d.events.flatMap((e) => withoutNode(e, id));
  const dropped = before - d.events.length;
  return {
    ...reparse(d),
    note: dropped ? `${dropped} event${dropped > 1 ? 's' : ''} about ${id} dropped` : '',
  };
}

export function withoutNode(e: ScenarioEvent, id: NodeId): ScenarioEvent[] {
  switch (e.kind) {
    case 'failure':
    case 'crash':
    case 'pause':
    case 'recover':
    case 'rejoin':
    case 'admin':
      return e.node === id ? [] : [e];
    case 'forge-distress':
      return e.from === id || e.claim === id ? [] : [e];
    case 'cut': {
      const to = e.to.filter((n) => n !== id);
      return e.from === id || to.length === 0 ? [] : [{ ...e, to }];
    }
    case 'partition': {
      const groups = e.groups.map((g) => g.filter((n) => n !== id)).filter((g) => g.length > 0);
      return groups.length < 2 ? [] : [{ ...e, groups }];
    }
    case 'heal':
      return [e];
  }
}

/** Grow or shrink to `n` nodes: new ones are added at the end, the last ones removed first. */
export function setNodeCount(s: Scenario, n: number): EditResult {
  if (!Number.isInteger(n) || n < MIN_NODES || n > MAX_NODES) {
    return { ok: false, errors: [`cluster size: must be a whole number from ${MIN_NODES} to ${MAX_NODES}`] };
  }
  let cur: Scenario = s;
  while (cur.nodes.length < n) {
    const r = addNode(cur);
    if (!r.ok) return r;
    cur = r.scenario;
  }
  while (cur.nodes.length > n) {
    // Drop from the end, skipping nodes that alone hold a resource.
    let next: Scenario | null = null;
    for (const id of [...cur.nodes].reverse()) {
      const r = removeNode(cur, id);
      if (r.ok) {
        next = r.scenario;
        break;
      }
    }
    if (!next)
      return { ok: false, errors: [`cannot shrink to ${n}: every remaining node holds a resource alone`] };
    cur = next;
  }
  return { ok: true, scenario: cur };
}

export function setResources(s: Scenario, resources: ResourceSpec[]): EditResult {
  const d = draft(s);
  d.resources = resources.map((r) => ({ name: r.name.trim(), primary: r.primary, backups: [...r.backups] }));
  const names = d.resources.map((r) => r.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) return { ok: false, errors: [`resources: the name "${dup}" is used twice`] };
  return reparse(d);
}

/** Choose a real-system preset: it sets the policy and the detector timings (DESIGN §6). */
export function setPreset(s: Scenario, name: PresetName | null): EditResult {
  const d = draft(s);
  d.preset = name;
  const p = name ? presetByName(name) : undefined;
  if (p) {
    d.policy = p.policy;
    d.heartbeat = { ...p.heartbeat };
    d.leaseMs = p.leaseMs;
    d.fence = { ...p.fence };
  }
  return reparse(d);
}

/** Any other setting: `edit` changes the draft in place. */
export function editSettings(s: Scenario, edit: (d: Scenario) => void): EditResult {
  const d = draft(s);
  edit(d);
  return reparse(d);
}
