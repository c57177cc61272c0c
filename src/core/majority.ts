/**
 * A strict majority of the cluster's `n` configured nodes. Every quorum in Mayday (a lease renewed, a
 * vote won, a probe answered, a side big enough to decide) is one: any two majorities share a node,
 * and that node's promise is what keeps two primaries from serving at once.
 */
export function isMajority(count: number, n: number): boolean {
  return count * 2 > n;
}
