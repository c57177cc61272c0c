// Slow motion. Messages cross a LAN in 1–5 ms, so at 1× a heartbeat or a MAYDAY would never be on
// screen for a single frame. While one is in the air the virtual clock slows down (the clock still
// reads true virtual time, and the UI says it is in slow motion), so every flight is drawn from its
// real sentAt/deliverAt and nothing is faked.
import type { MessageInFlight } from '../../core/snapshot.ts';

/** Virtual ms per wall ms while a distress is in the air: a 3 ms flight lasts ~1.2 s on screen. */
export const MAYDAY_RATE = 1 / 400;
/** Slowest rate for ordinary messages: a 3 ms heartbeat lasts ~120 ms (7 frames) on screen. */
export const MESSAGE_RATE = 1 / 40;
/** Slow motion for ordinary messages never takes more than this share of wall time. */
export const MESSAGE_WALL_SHARE = 0.5;
/** Below this time on screen (ms) a flight is not worth slowing down for: it would not be seen. */
export const VISIBLE_FLIGHT_MS = 50;

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 1000;

export type SlowReason = 'mayday' | 'messages' | null;

export interface Lens {
  /** Virtual ms per wall ms for the next frame. */
  rate: number;
  slow: SlowReason;
}

export interface LensSettings {
  speed: number;
  slowMotion: boolean;
  nodes: number;
  heartbeatIntervalMs: number;
  latencyMaxMs: number;
}

/**
 * Share of virtual time during which some heartbeat is in the air: each node sends one burst per
 * interval, in the air for up to the maximum latency. Bounded below 1 so the rate stays finite.
 */
export function messageShare(nodes: number, intervalMs: number, latencyMaxMs: number): number {
  if (!(intervalMs > 0)) return 0.9;
  return Math.min(0.9, Math.max(0, (nodes * Math.max(latencyMaxMs, 0.1)) / intervalMs));
}

/**
 * The slowed rate for ordinary messages: as slow as MESSAGE_RATE, but never so slow that flights
 * take more than MESSAGE_WALL_SHARE of wall time (a 64-node ring always has something in the air).
 * Returns `speed` itself when slowing down would not help: when, within that budget, a flight
 * would still be on screen for less than VISIBLE_FLIGHT_MS.
 */
export function messageRate(s: LensSettings): number {
  const c = messageShare(s.nodes, s.heartbeatIntervalMs, s.latencyMaxMs);
  const budget = (s.speed * c * (1 - MESSAGE_WALL_SHARE)) / ((1 - c) * MESSAGE_WALL_SHARE);
  const rate = Math.max(MESSAGE_RATE, budget);
  if (rate > Math.max(s.latencyMaxMs, 0.1) / VISIBLE_FLIGHT_MS) return s.speed;
  return Math.min(s.speed, rate);
}

/** Which sends should stop a frame early so the next frame can start in slow motion. */
export function stopOn(s: LensSettings): 'none' | 'distress' | 'all' {
  if (!s.slowMotion) return 'none';
  return messageRate(s) < s.speed ? 'all' : 'distress';
}

export function lensFor(s: LensSettings, messages: readonly MessageInFlight[], t: number): Lens {
  if (!s.slowMotion) return { rate: s.speed, slow: null };
  let any = false;
  for (const m of messages) {
    if (m.deliverAt <= t) continue;
    if (m.type === 'distress')
      return s.speed > MAYDAY_RATE ? { rate: MAYDAY_RATE, slow: 'mayday' } : { rate: s.speed, slow: null };
    any = true;
  }
  const slowed = messageRate(s);
  if (any && slowed < s.speed) return { rate: slowed, slow: 'messages' };
  return { rate: s.speed, slow: null };
}

// ---------------------------------------------------------------------------------------------
// The speed slider is logarithmic: position p in [-1, 3] ⇔ speed 10^p (0.1× … 1000×).

export function speedFromSlider(p: number): number {
  const clamped = Math.min(3, Math.max(-1, p));
  const raw = 10 ** clamped;
  // Two significant figures: 1.3×, 25×, 160× read better than 1.2589254×.
  const digits = Math.floor(Math.log10(raw));
  const unit = 10 ** (digits - 1);
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, Math.round(raw / unit) * unit));
}

export function sliderFromSpeed(speed: number): number {
  return Math.log10(Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)));
}

export function formatSpeed(speed: number): string {
  if (speed >= 10) return `${Math.round(speed)}×`;
  return `${Number(speed.toPrecision(2))}×`;
}

/** "1/400×" for slow-motion rates below 0.1×. */
export function formatRate(rate: number): string {
  if (rate >= 0.1) return formatSpeed(rate);
  return `1/${Math.round(1 / rate)}×`;
}
