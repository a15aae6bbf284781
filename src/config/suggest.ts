// "Did you mean …?" for mistyped keys: the known name at the smallest edit distance, when
// it is close enough to be a typo rather than a different word. Case, "-" versus "_" and the
// section a name sits in are forgiven first (`fetch.Per-Host-Concurrency`, `server.concurrency`).

/** Levenshtein distance: the fewest one-character insertions, deletions or substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

const normalize = (name: string): string => name.toLowerCase().replace(/-/g, '_');
const lastPart = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/** The known name closest to `name`, or null when none is near enough to be a typo of it. */
export function closestName(name: string, known: readonly string[]): string | null {
  const wanted = normalize(name);
  let best: string | null = null;
  let bestScore = Infinity;
  for (const candidate of known) {
    const target = normalize(candidate);
    let score = editDistance(wanted, target);
    // The right name in the wrong section is one slip, however far apart the section names are.
    if (lastPart(wanted) === lastPart(target) && wanted.includes('.') && target.includes('.')) score = Math.min(score, 1);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  // Up to a third of the name may be wrong (at least 2 characters): "concurency", "fetch.timout".
  return bestScore <= Math.max(2, Math.floor(wanted.length / 3)) ? best : null;
}
