import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import type { Message, NetworkSettings, NodeId } from '../../src/core/types.ts';
import { SimNetwork } from '../../src/sim/simNetwork.ts';
import type { DropReason, MessageRecord, NetworkHooks, SimNetworkOptions } from '../../src/sim/simNetwork.ts';
import { VirtualClock } from '../../src/sim/virtualClock.ts';

const CALM: NetworkSettings = { latencyMs: [1, 5], loss: 0, duplicate: 0, reorder: 0 };

interface Harness {
  clock: VirtualClock;
  net: SimNetwork;
  sent: MessageRecord[];
  delivered: MessageRecord[];
  dropped: Array<{ record: MessageRecord; reason: DropReason }>;
  /** What each node's handler received, in order. */
  inbox: Map<NodeId, Message[]>;
  down: Set<NodeId>;
}

function harness(
  settings: Partial<NetworkSettings> = {},
  opts: { seed?: number; nodes?: NodeId[]; hooks?: NetworkHooks; options?: SimNetworkOptions } = {},
): Harness {
  const clock = new VirtualClock();
  const sent: MessageRecord[] = [];
  const delivered: MessageRecord[] = [];
  const dropped: Harness['dropped'] = [];
  const down = new Set<NodeId>();
  const net = new SimNetwork(
    clock,
    createRng(opts.seed ?? 1),
    { ...CALM, ...settings },
    {
      canReceive: (node) => !down.has(node),
      onSent: (r) => void sent.push(r),
      onDelivered: (r) => void delivered.push(r),
      onDropped: (record, reason) => void dropped.push({ record, reason }),
      ...opts.hooks,
    },
    opts.options,
  );
  const inbox = new Map<NodeId, Message[]>();
  for (const node of opts.nodes ?? ['n1', 'n2', 'n3', 'n4']) {
    const box: Message[] = [];
    inbox.set(node, box);
    net.endpoint(node).onMessage((m) => void box.push(m));
  }
  return { clock, net, sent, delivered, dropped, inbox, down };
}

const hb = (from: NodeId, incarnation = 1): Message => ({
  type: 'heartbeat',
  from,
  incarnation,
  joinedAt: 0,
});

function reasons(h: Harness): DropReason[] {
  return h.dropped.map((d) => d.reason);
}

/** A busy, noisy run whose full message log is compared across seeds. */
function noisyLog(seed: number): string[] {
  const h = harness({ latencyMs: [1, 20], loss: 0.1, duplicate: 0.1, reorder: 0.1 }, { seed });
  const log: string[] = [];
  for (let round = 0; round < 50; round++) {
    h.clock.callAt(
      round * 10,
      () => {
        for (const node of ['n1', 'n2', 'n3', 'n4']) h.net.endpoint(node).broadcast(hb(node, round));
      },
      undefined,
    );
  }
  h.clock.runUntil(Infinity);
  for (const r of h.delivered) log.push(`+${r.id} ${r.from}>${r.to} ${r.sentAt}→${r.deliverAt}`);
  for (const { record, reason } of h.dropped) log.push(`-${record.id} ${reason}`);
  return log;
}

describe('SimNetwork: delivery and randomness', () => {
  it('delivers to the handler with a latency inside the range, ids increasing', () => {
    const h = harness({ latencyMs: [2, 7] });
    const a = h.net.endpoint('n1');
    for (let i = 0; i < 1000; i++) a.send('n2', hb('n1', i));
    h.clock.runUntil(Infinity);
    expect(h.inbox.get('n2')).toHaveLength(1000);
    for (const r of h.delivered) {
      expect(r.deliverAt - r.sentAt).toBeGreaterThanOrEqual(2);
      expect(r.deliverAt - r.sentAt).toBeLessThanOrEqual(7);
    }
    const ids = h.sent.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(1000);
  });

  it('is deterministic: same seed → identical log; another seed → a different one', () => {
    const first = noisyLog(7);
    expect(noisyLog(7)).toEqual(first);
    expect(noisyLog(8)).not.toEqual(first);
    expect(first.length).toBeGreaterThan(500);
  });

  it('loses about `loss` of 10k messages, reporting them dropped at their arrival time', () => {
    const h = harness({ loss: 0.3 }, { seed: 3 });
    const a = h.net.endpoint('n1');
    for (let i = 0; i < 10_000; i++) a.send('n2', hb('n1', i));
    h.clock.runUntil(Infinity);
    const lost = h.dropped.filter((d) => d.reason === 'loss').length;
    expect(lost / 10_000).toBeGreaterThan(0.28);
    expect(lost / 10_000).toBeLessThan(0.32);
    expect(h.delivered.length + lost).toBe(10_000);
    expect(h.dropped.every((d) => d.record.doomedBy === 'loss')).toBe(true);
  });

  it('duplicates about `duplicate` of messages, each copy with its own id and latency', () => {
    const h = harness({ duplicate: 0.2 }, { seed: 4 });
    const a = h.net.endpoint('n1');
    for (let i = 0; i < 10_000; i++) a.send('n2', hb('n1', i));
    h.clock.runUntil(Infinity);
    const copies = h.delivered.filter((r) => r.duplicate);
    expect(copies.length / 10_000).toBeGreaterThan(0.18);
    expect(copies.length / 10_000).toBeLessThan(0.22);
    expect(h.delivered.length).toBe(10_000 + copies.length);
    expect(new Set(h.delivered.map((r) => r.id)).size).toBe(h.delivered.length);
    // The same message object arrives twice.
    const incarnations = h.inbox.get('n2')!.map((m) => (m.type === 'heartbeat' ? m.incarnation : -1));
    expect(new Set(incarnations).size).toBe(10_000);
  });

  it('reorder holds some messages back so that later ones overtake them', () => {
    const inversions = (reorder: number): number => {
      const h = harness({ latencyMs: [1, 2], reorder }, { seed: 5 });
      const a = h.net.endpoint('n1');
      for (let i = 0; i < 1000; i++) h.clock.callAt(i, (n: number) => a.send('n2', hb('n1', n)), i);
      h.clock.runUntil(Infinity);
      const order = h.inbox.get('n2')!.map((m) => (m.type === 'heartbeat' ? m.incarnation : -1));
      return order.filter((n, i) => i > 0 && n < order[i - 1]).length;
    };
    expect(inversions(0)).toBe(0);
    expect(inversions(0.2)).toBeGreaterThan(50);
  });

  it('broadcast reaches every other node in registration order', () => {
    const h = harness({ latencyMs: [1, 1] }, { nodes: ['n3', 'n1', 'n2'] });
    h.net.endpoint('n1').broadcast(hb('n1'));
    expect(h.sent.map((r) => r.to)).toEqual(['n3', 'n2']);
    h.clock.runUntil(Infinity);
    expect(h.delivered.map((r) => r.to)).toEqual(['n3', 'n2']);
    expect(h.inbox.get('n1')).toHaveLength(0);
  });

  it('drops a message to an unknown node with a reason, without calling it sent', () => {
    const h = harness();
    h.net.endpoint('n1').send('n9', hb('n1'));
    expect(h.sent).toHaveLength(0);
    expect(reasons(h)).toEqual(['unknown-node']);
  });

  it('setSettings applies to messages sent afterwards', () => {
    const h = harness({ latencyMs: [1, 1] });
    const a = h.net.endpoint('n1');
    a.send('n2', hb('n1'));
    h.net.setSettings({ latencyMs: [50, 50] });
    a.send('n2', hb('n1'));
    h.net.setSettings({ loss: 1 });
    a.send('n2', hb('n1'));
    h.clock.runUntil(Infinity);
    expect(h.sent.map((r) => r.deliverAt - r.sentAt)).toEqual([1, 50, 50]);
    expect(h.delivered).toHaveLength(2);
    expect(reasons(h)).toEqual(['loss']);
    expect(h.net.getSettings()).toEqual({ latencyMs: [50, 50], loss: 1, duplicate: 0, reorder: 0 });
  });

  it('refuses bad settings with a message naming the field', () => {
    const h = harness();
    expect(() => h.net.setSettings({ loss: 1.5 })).toThrow(/network\.loss/);
    expect(() => h.net.setSettings({ latencyMs: [5, 1] })).toThrow(/network\.latencyMs/);
    expect(() => h.net.setSettings({ reorder: Number.NaN })).toThrow(/network\.reorder/);
  });
});

describe('SimNetwork: partitions, cuts, node state', () => {
  it('a partition blocks cross-group traffic both ways; heal restores it', () => {
    const h = harness({ latencyMs: [1, 1] });
    h.net.partition([['n1', 'n2'], ['n3']]);
    expect(h.net.canTalk('n1', 'n3')).toBe(false);
    expect(h.net.canTalk('n3', 'n1')).toBe(false);
    expect(h.net.canTalk('n1', 'n2')).toBe(true);
    // n4 is listed nowhere: it forms the extra group on its own.
    expect(h.net.canTalk('n4', 'n3')).toBe(false);
    expect(h.net.groups()).toEqual([['n1', 'n2'], ['n3'], ['n4']]);
    expect(h.net.groupOf('n4')).toBe(2);
    h.net.endpoint('n1').send('n3', hb('n1'));
    h.net.endpoint('n3').send('n1', hb('n3'));
    h.net.endpoint('n1').send('n2', hb('n1'));
    h.clock.runUntil(10);
    expect(reasons(h)).toEqual(['partition', 'partition']);
    expect(h.delivered.map((r) => `${r.from}>${r.to}`)).toEqual(['n1>n2']);

    h.net.heal();
    expect(h.net.groups()).toBeNull();
    expect(h.net.canTalk('n1', 'n3')).toBe(true);
    h.net.endpoint('n3').send('n1', hb('n3'));
    h.clock.runUntil(20);
    expect(h.delivered.map((r) => `${r.from}>${r.to}`)).toEqual(['n1>n2', 'n3>n1']);
  });

  it('refuses a node listed in two groups', () => {
    const h = harness();
    expect(() => h.net.partition([['n1', 'n2'], ['n2']])).toThrow(/'n2' is in groups 0 and 1/);
  });

  it('a one-way cut blocks only from → to', () => {
    const h = harness({ latencyMs: [1, 1] });
    h.net.cut('n1', ['n2', 'n3']);
    expect(h.net.cuts()).toEqual([
      ['n1', 'n2'],
      ['n1', 'n3'],
    ]);
    expect(h.net.canTalk('n1', 'n2')).toBe(false);
    expect(h.net.canTalk('n2', 'n1')).toBe(true);
    h.net.endpoint('n1').send('n2', hb('n1'));
    h.net.endpoint('n2').send('n1', hb('n2'));
    h.clock.runUntil(10);
    expect(reasons(h)).toEqual(['cut']);
    expect(h.delivered.map((r) => `${r.from}>${r.to}`)).toEqual(['n2>n1']);
    h.net.heal();
    expect(h.net.cuts()).toEqual([]);
  });

  it('a partition that starts while a message is in flight drops it on arrival', () => {
    const h = harness({ latencyMs: [10, 10] }, { options: { trackInFlight: true } });
    h.net.endpoint('n1').send('n3', hb('n1'));
    h.clock.runUntil(5);
    expect(h.net.inFlight()[0].doomed).toBe(false);
    h.net.partition([['n1'], ['n3']]);
    expect(h.net.inFlight()[0].doomed).toBe(true);
    h.clock.runUntil(10);
    expect(reasons(h)).toEqual(['partition']);
    expect(h.dropped[0].record.doomedBy).toBeNull();
    expect(h.net.inFlight()).toEqual([]);
  });

  it('a message sent across a partition stays dropped even if the partition heals before arrival', () => {
    const h = harness({ latencyMs: [10, 10] });
    h.net.partition([['n1'], ['n2']]);
    h.net.endpoint('n1').send('n2', hb('n1'));
    expect(h.sent[0].doomedBy).toBe('partition');
    h.net.heal();
    h.clock.runUntil(10);
    expect(reasons(h)).toEqual(['partition']);
  });

  it('drops messages reaching a node that cannot receive, with a reason', () => {
    const h = harness({ latencyMs: [10, 10] });
    h.net.endpoint('n1').send('n2', hb('n1'));
    h.clock.runUntil(5);
    h.down.add('n2');
    h.clock.runUntil(10);
    expect(reasons(h)).toEqual(['receiver-down']);
    expect(h.inbox.get('n2')).toHaveLength(0);
  });

  it('a message that left before its sender died still arrives (the distress signal relies on it)', () => {
    const h = harness({ latencyMs: [10, 10] });
    h.net.endpoint('n1').send('n2', hb('n1'));
    h.down.add('n1');
    h.clock.runUntil(10);
    expect(h.delivered).toHaveLength(1);
  });

  it('a node that cannot send has its messages dropped at once, never sent', () => {
    const h = harness();
    h.down.add('n1');
    h.net.endpoint('n1').broadcast(hb('n1'));
    expect(h.sent).toHaveLength(0);
    expect(reasons(h)).toEqual(['sender-down', 'sender-down', 'sender-down']);
  });

  it('canSend, when given, decides sending separately from receiving', () => {
    const h = harness({}, { hooks: { canSend: (node) => node !== 'n2' } });
    h.net.endpoint('n2').send('n1', hb('n2'));
    h.net.endpoint('n1').send('n2', hb('n1'));
    h.clock.runUntil(Infinity);
    expect(reasons(h)).toEqual(['sender-down']);
    expect(h.delivered.map((r) => r.to)).toEqual(['n2']);
  });
});

describe('SimNetwork: messages in flight', () => {
  it('lists undelivered messages with their times, and flags the ones known to be doomed', () => {
    const h = harness({ latencyMs: [10, 10] }, { options: { trackInFlight: true } });
    h.net.cut('n1', ['n3']);
    h.net.endpoint('n1').send('n2', hb('n1'));
    h.net.endpoint('n1').send('n3', hb('n1'));
    expect(h.net.inFlight()).toEqual([
      { id: 1, from: 'n1', to: 'n2', type: 'heartbeat', sentAt: 0, deliverAt: 10, doomed: false },
      { id: 2, from: 'n1', to: 'n3', type: 'heartbeat', sentAt: 0, deliverAt: 10, doomed: true },
    ]);
    h.clock.runUntil(10);
    expect(h.net.inFlight()).toEqual([]);
    expect(h.net.stats()).toEqual({ sent: 2, delivered: 1, dropped: 1 });
  });

  it('refuses inFlight() when it was not asked to track', () => {
    expect(() => harness().net.inFlight()).toThrow(/trackInFlight/);
  });

  it('the same seed gives the same run with or without tracking', () => {
    const run = (trackInFlight: boolean): string[] => {
      const h = harness(
        { latencyMs: [1, 9], loss: 0.2, duplicate: 0.2, reorder: 0.2 },
        {
          seed: 11,
          options: { trackInFlight },
        },
      );
      for (let i = 0; i < 200; i++) h.net.endpoint('n1').broadcast(hb('n1', i));
      h.clock.runUntil(Infinity);
      return [...h.delivered.map((r) => `${r.id}@${r.deliverAt}`), ...reasons(h)];
    };
    expect(run(true)).toEqual(run(false));
  });
});
