import type { NodeSnapshot } from '../../core/snapshot.ts';

/** A node's state in plain words, read from the snapshot's fields (never from machine state names). */
export function lifeWords(s: NodeSnapshot): string {
  if (s.sendingNow) return `sending its MAYDAY (${s.sendPath ?? s.impending?.mode ?? 'choosing the path'})`;
  switch (s.truth) {
    case 'alive':
      if (s.impending) return `failing: ${s.impending.failure}`;
      return s.lostQuorum ? 'healthy, but cut off from a majority' : 'healthy member';
    case 'paused':
      return 'paused (its timers stand still)';
    case 'fenced':
      return s.sendPath ? `out of the cluster: its MAYDAY left (${s.sendPath})` : 'out of the cluster';
    case 'offline':
      return 'recovered, offline until it rejoins';
    case 'dead':
      return 'dead';
  }
}
