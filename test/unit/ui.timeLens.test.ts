// Slow motion: flights of a few ms must last long enough on screen to be seen, without the clock
// crawling when a big ring always has a heartbeat in the air.
import { describe, expect, it } from 'vitest';
import type { MessageInFlight } from '../../src/core/snapshot.ts';
import {
  MAYDAY_RATE,
  MESSAGE_RATE,
  formatRate,
  formatSpeed,
  lensFor,
  messageRate,
  sliderFromSpeed,
  speedFromSlider,
  stopOn,
} from '../../src/ui/lab/timeLens.ts';

const base = { speed: 1, slowMotion: true, nodes: 5, heartbeatIntervalMs: 1000, latencyMaxMs: 5 };
const msg = (type: MessageInFlight['type'], deliverAt = 10): MessageInFlight => ({
  id: 1,
  from: 'n1',
  to: 'n2',
  type,
  sentAt: 0,
  deliverAt,
  doomed: false,
});

describe('time lens', () => {
  it('slows right down while a MAYDAY is in the air, whatever the speed', () => {
    expect(lensFor({ ...base, speed: 1000 }, [msg('heartbeat'), msg('distress')], 1)).toEqual({
      rate: MAYDAY_RATE,
      slow: 'mayday',
    });
    expect(lensFor({ ...base, slowMotion: false }, [msg('distress')], 1)).toEqual({ rate: 1, slow: null });
    // Delivered already: no reason to slow down.
    expect(lensFor(base, [msg('distress', 1)], 2).slow).toBe(null);
  });

  it('slows down for heartbeats on a small ring, but never past half the wall time on a big one', () => {
    // Five nodes: about 1/40, so a 3 ms heartbeat lasts ~120 ms (7 frames) on screen.
    expect(messageRate(base)).toBeGreaterThanOrEqual(MESSAGE_RATE);
    expect(messageRate(base)).toBeLessThan(1 / 35);
    // 64 nodes at 1×: within the budget a heartbeat would flash by, so no slow motion for it.
    expect(messageRate({ ...base, nodes: 64 })).toBe(1);
    const big = { ...base, nodes: 64, speed: 0.1 };
    const c = (64 * 5) / 1000;
    // Share of wall time in slow motion: c / rate over c / rate + (1 − c) / speed.
    const rate = messageRate(big);
    expect(c / rate / (c / rate + (1 - c) / big.speed)).toBeLessThanOrEqual(0.5 + 1e-9);
    expect(lensFor(base, [msg('heartbeat')], 1).slow).toBe('messages');
    expect(stopOn(base)).toBe('all');
    expect(stopOn({ ...base, speed: 1000 })).toBe('distress');
    expect(stopOn({ ...base, slowMotion: false })).toBe('none');
  });

  it('maps the log slider onto 0.1×–1000× with readable values', () => {
    expect(speedFromSlider(-1)).toBe(0.1);
    expect(speedFromSlider(0)).toBe(1);
    expect(speedFromSlider(3)).toBe(1000);
    expect(speedFromSlider(9)).toBe(1000);
    expect(speedFromSlider(1.4)).toBe(25);
    expect(sliderFromSpeed(100)).toBeCloseTo(2);
    expect(formatSpeed(0.1)).toBe('0.1×');
    expect(formatSpeed(25)).toBe('25×');
    expect(formatRate(MAYDAY_RATE)).toBe('1/400×');
  });
});
