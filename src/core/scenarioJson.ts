// Writing a resolved scenario back as JSON: one fixed key order (so equal scenarios give equal text)
// and a layout close to the examples in the docs, with each event on its own line.
import type { Scenario, ScenarioEvent } from './types.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The scenario as plain JSON data, keys in document order; `preset` only when one is set. */
export function scenarioToPlain(s: Scenario): { [key: string]: Json } {
  return {
    version: s.version,
    seed: s.seed,
    nodes: [...s.nodes],
    resources: s.resources.map((r) => ({ name: r.name, primary: r.primary, backups: [...r.backups] })),
    policy: s.policy,
    ...(s.preset === null ? {} : { preset: s.preset }),
    distress: s.distress,
    options: {
      preformed: s.options.preformed,
      mode: s.options.mode,
      demoteBeforeSend: s.options.demoteBeforeSend,
    },
    costs: {
      sendMs: s.costs.sendMs,
      wakeTaskMs: s.costs.wakeTaskMs,
      composeMs: s.costs.composeMs,
      orderlyShutdownMs: s.costs.orderlyShutdownMs,
    },
    heartbeat: { intervalMs: s.heartbeat.intervalMs, timeoutMs: s.heartbeat.timeoutMs },
    network: {
      latencyMs: [s.network.latencyMs[0], s.network.latencyMs[1]],
      loss: s.network.loss,
      duplicate: s.network.duplicate,
      reorder: s.network.reorder,
    },
    fence: { delayMs: s.fence.delayMs, successRate: s.fence.successRate, retryMs: s.fence.retryMs },
    leaseMs: s.leaseMs,
    durationMs: s.durationMs,
    events: s.events.map(eventToPlain),
  };
}

export function eventToPlain(e: ScenarioEvent): { [key: string]: Json } {
  switch (e.kind) {
    case 'failure':
      return { at: e.at, kind: e.kind, node: e.node, type: e.type, warningMs: e.warningMs };
    case 'crash':
    case 'recover':
    case 'rejoin':
      return { at: e.at, kind: e.kind, node: e.node };
    case 'partition':
      return { at: e.at, kind: e.kind, groups: e.groups.map((g) => [...g]) };
    case 'cut':
      return { at: e.at, kind: e.kind, from: e.from, to: [...e.to] };
    case 'heal':
      return { at: e.at, kind: e.kind };
    case 'pause':
      return { at: e.at, kind: e.kind, node: e.node, ms: e.ms };
    case 'admin':
      return { at: e.at, kind: e.kind, action: e.action, node: e.node };
    case 'forge-distress':
      return { at: e.at, kind: e.kind, from: e.from, claim: e.claim, replay: e.replay };
  }
}

const WIDTH = 110;

/**
 * JSON with two-space indents, where any object or list that fits on its line stays on one line.
 * The outermost object is always opened up, one field a line.
 */
export function prettyJson(value: Json): string {
  return layout(value, '', 0, true);
}

function layout(value: Json, indent: string, column: number, open = false): string {
  const flat = inline(value);
  // `<` rather than `<=`: leave room for the comma that may follow.
  if (typeof value !== 'object' || value === null || (!open && column + flat.length < WIDTH)) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => inner + layout(item, inner, inner.length));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item]) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    return head + layout(item, inner, head.length);
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

function inline(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}
