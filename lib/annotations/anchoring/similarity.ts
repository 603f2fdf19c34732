import { diffLevenshtein, diffMain } from "diff-match-patch-es";

/** 1 - edit distance / longer length: 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  // checklines=false: these are short passages, not documents; the line pre-pass only adds noise.
  return 1 - diffLevenshtein(diffMain(a, b, { diffTimeout: 0.1 }, false)) / longer;
}
