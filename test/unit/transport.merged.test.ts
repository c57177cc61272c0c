// A node reachable both by BroadcastChannel (same browser) and WebRTC (another device's mesh) gets
// each message once (issue 12), and loses nothing when one of the two paths drops a copy.
import { describe, expect, it } from 'vitest';
import type { Transport } from '../../src/core/ports.ts';
import type { Message } from '../../src/core/types.ts';
import { MergedTransport } from '../../src/transport/mergedTransport.ts';

class FakePath implements Transport {
  handler: ((m: Message) => void) | null = null;
  sent: Array<[string | null, Message]> = [];
  send(to: string, message: Message): void {
    this.sent.push([to, message]);
  }
  broadcast(message: Message): void {
    this.sent.push([null, message]);
  }
  onMessage(handler: (m: Message) => void): void {
    this.handler = handler;
  }
  deliver(message: Message): void {
    this.handler?.(message);
  }
}

const hb = (from: string): Message => ({ type: 'heartbeat', from, incarnation: 1, joinedAt: 0 });

function merged() {
  const clock = { t: 0 };
  const tabs = new FakePath();
  const devices = new FakePath();
  const transport = new MergedTransport([tabs, devices], { now: () => clock.t, windowMs: 500 });
  const inbox: Message[] = [];
  transport.onMessage((m) => inbox.push(m));
  return { clock, tabs, devices, transport, inbox };
}

describe('merged transport (BroadcastChannel + WebRTC)', () => {
  it('sends on both paths and delivers a message that arrives on both once', () => {
    const { tabs, devices, transport, inbox } = merged();
    transport.broadcast(hb('a'));
    transport.send('b', hb('a'));
    expect(tabs.sent).toHaveLength(2);
    expect(devices.sent).toHaveLength(2);
    tabs.deliver(hb('b'));
    devices.deliver(hb('b'));
    expect(inbox).toEqual([hb('b')]);
    expect(transport.duplicates).toBe(1);
  });

  it('two identical heartbeats on one path are two messages; each is paired with its own copy', () => {
    const { clock, tabs, devices, inbox, transport } = merged();
    tabs.deliver(hb('b'));
    clock.t += 100;
    tabs.deliver(hb('b'));
    devices.deliver(hb('b'));
    devices.deliver(hb('b'));
    expect(inbox).toHaveLength(2);
    expect(transport.duplicates).toBe(2);
  });

  it('a copy lost on one path loses nothing; a late copy after the window is a new message', () => {
    const { clock, tabs, devices, inbox } = merged();
    devices.deliver(hb('b')); // its BroadcastChannel copy never comes
    clock.t += 1000;
    tabs.deliver(hb('b')); // the next heartbeat, on the other path
    expect(inbox).toHaveLength(2);
  });

  it('the same content from two senders is two messages', () => {
    const { tabs, devices, inbox } = merged();
    tabs.deliver(hb('b'));
    devices.deliver(hb('c'));
    expect(inbox).toEqual([hb('b'), hb('c')]);
  });
});
