import { describe, expect, it } from 'vitest';
import { seal } from '../../src/core/liveEnvelope.ts';
import type { ChannelLike } from '../../src/transport/index.ts';
import { RoomChannel } from '../../src/transport/roomChannel.ts';

const key = new Uint8Array(32).fill(1);

/** A channel whose deliveries the test makes by hand, on a clock the test moves. */
function rig(opts: { readAll?: boolean; rate?: number; burst?: number } = {}) {
  let listener: (e: { data: unknown }) => void = () => {};
  const posted: unknown[] = [];
  const channel: ChannelLike = {
    postMessage: (d) => posted.push(d),
    addEventListener: (_t, l) => (listener = l),
    close: () => {},
  };
  let now = 0;
  const room = new RoomChannel({
    self: 'n1',
    sid: 'me',
    key,
    channel,
    now: () => now,
    readAll: opts.readAll,
    ratePerSecond: opts.rate,
    burst: opts.burst,
  });
  const got: string[] = [];
  room.onEnvelope((e) => got.push(`${e.from}#${e.seq}`));
  return {
    room,
    got,
    posted,
    deliver: (d: unknown) => listener({ data: structuredClone(d) }),
    advance: (ms: number) => (now += ms),
  };
}

const heartbeatFrom = (from: string, seq: number, to: string | null = null, sid = `s${from}`) =>
  seal(key, {
    from,
    sid,
    seq,
    t: 0,
    to,
    body: { kind: 'cluster', message: { type: 'heartbeat', from, incarnation: 1, joinedAt: 0 } },
  });

describe('RoomChannel: what reaches a live node', () => {
  it('delivers sealed posts in order and refuses a replay, counted against the sender', () => {
    const r = rig();
    r.deliver(heartbeatFrom('n2', 0));
    r.deliver(heartbeatFrom('n2', 1));
    r.deliver(heartbeatFrom('n2', 1));
    expect(r.got).toEqual(['n2#0', 'n2#1']);
    expect(r.room.rejected.get('n2')).toEqual({ count: 1, reasons: { 'seq: replayed (already seen)': 1 } });
  });

  it('posts for another node are skipped unread, unless this is an observer', () => {
    const r = rig();
    r.deliver(heartbeatFrom('n2', 0, 'n3'));
    expect(r.got).toEqual([]);
    const o = rig({ readAll: true });
    o.deliver(heartbeatFrom('n2', 0, 'n3'));
    expect(o.got).toEqual(['n2#0']);
  });

  it("a flooding sender is cut to its budget, counted, and the others' posts still arrive", () => {
    const r = rig({ rate: 100, burst: 50 });
    for (let i = 0; i < 1000; i++) r.deliver(heartbeatFrom('n3', i));
    r.deliver(heartbeatFrom('n2', 0));
    expect(r.got.filter((g) => g.startsWith('n3'))).toHaveLength(50);
    expect(r.got).toContain('n2#0');
    expect(r.room.rejected.get('n3')?.count).toBe(950);
    r.advance(1000); // a second later the budget is back
    r.deliver(heartbeatFrom('n3', 5000));
    expect(r.got).toContain('n3#5000');
  });

  it('what it posts is sealed and carries its own sequence numbers', () => {
    const r = rig();
    r.room.post({ kind: 'admin', action: 'keep-waiting', peer: 'n2' });
    r.room.post({ kind: 'admin', action: 'keep-waiting', peer: 'n2' });
    expect(r.posted.map((p) => (p as { seq: number }).seq)).toEqual([0, 1]);
    expect((r.posted[0] as { mac: string }).mac).toMatch(/^[0-9a-f]{64}$/);
    // Its own posts echoed back (same session) are ignored, not counted.
    r.deliver(r.posted[0]);
    expect(r.got).toEqual([]);
    expect(r.room.totalRejected()).toBe(0);
  });
});
