/**
 * Places margin cards level with their passages without overlap: each card goes at its
 * passage's top, or just below the card above it, whichever is lower.
 */
export type CardSlot = { id: string; desiredTop: number; height: number };

/** `floor`: nothing goes above it (the margin's own status line sits there). */
export function stackCards(
  slots: CardSlot[],
  gap = 8,
  floor = Number.NEGATIVE_INFINITY,
): Map<string, number> {
  const placed = new Map<string, number>();
  let nextFree = floor;
  const ordered = [...slots].sort(
    (a, b) => a.desiredTop - b.desiredTop || a.id.localeCompare(b.id),
  );
  for (const slot of ordered) {
    const top = Math.max(slot.desiredTop, nextFree);
    placed.set(slot.id, top);
    nextFree = top + slot.height + gap;
  }
  return placed;
}
