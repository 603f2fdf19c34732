import {
  nextHeldCommentDue,
  revealDueHeldComments,
} from "@/lib/sessions/live/reveal-due-held-comments";

const EVERY_MS = 15_000;

/**
 * Reveals held comments when their session starts, in this process: a sweep every 15 s, and
 * between sweeps a timer set for the next start so a reveal is on time, not up to 15 s late.
 * Every process may run it (claims are made in PostgreSQL). Returns a function that stops it.
 */
export function startHeldCommentReveals(options: { everyMs?: number } = {}): () => void {
  const everyMs = options.everyMs ?? EVERY_MS;
  let running = false;
  let stopped = false;
  let precise: ReturnType<typeof setTimeout> | undefined;

  const tick = () => {
    if (running || stopped) return;
    running = true;
    revealDueHeldComments(new Date())
      .then(() => nextHeldCommentDue())
      .then((due) => {
        clearTimeout(precise);
        if (!due || stopped) return;
        const wait = due.getTime() - Date.now();
        if (wait < everyMs) {
          precise = setTimeout(tick, Math.max(0, wait) + 20);
          precise.unref();
        }
      })
      .catch((error: unknown) => console.error("[held-comments] run failed:", error))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  const first = setTimeout(tick, 1_000);
  first.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    clearTimeout(first);
    clearTimeout(precise);
  };
}
