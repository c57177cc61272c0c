// The timing method shared by the Node and Chromium send-path benchmarks: warm up, then ROUNDS rounds,
// keep the median ns per operation. No Node APIs: bench/browser/benchPage.ts runs it in a page.
import { clusterKeyFromSeed, type DistressIdentity } from '../src/core/distressSignal.ts';

export const identity: DistressIdentity = {
  clusterId: 'bench-cluster',
  node: 'n17',
  incarnation: 3,
  key: clusterKeyFromSeed(1),
};
export const REASON = 'power-loss-battery';
export const ROUNDS = 5;

// Keeps results observable so the loops cannot be optimised away.
let sink = 0;

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

export function timeSync(iterations: number, op: () => Uint8Array): number {
  const perRound = Math.max(1, Math.floor(iterations / ROUNDS));
  for (let i = 0; i < Math.max(1000, perRound); i++) sink ^= op()[0];
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) sink ^= op()[0];
    rounds.push(((performance.now() - start) * 1e6) / perRound);
  }
  return median(rounds);
}

export async function timeAsync(iterations: number, op: () => Promise<Uint8Array>): Promise<number> {
  const perRound = Math.max(1, Math.floor(iterations / ROUNDS));
  for (let i = 0; i < Math.max(200, perRound); i++) sink ^= (await op())[0];
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) sink ^= (await op())[0];
    rounds.push(((performance.now() - start) * 1e6) / perRound);
  }
  return median(rounds);
}

/** Fold a value into the sink (for loops timed outside timeSync), and read it back. */
export function keep(value: number): number {
  sink ^= value;
  return sink;
}
