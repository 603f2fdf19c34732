import { runDueReminders } from "@/lib/sessions/reminders/run-due-reminders";

const EVERY_MS = 60_000;

/**
 * Runs the session reminders once a minute in this process (and once shortly after start).
 * Every process may run it: reminders are claimed through a unique key in PostgreSQL, so each
 * goes out once. Returns a function that stops the job.
 */
export function startReminderJob(options: { everyMs?: number } = {}): () => void {
  let running = false;
  const tick = () => {
    // A slow run is not started again on top of itself.
    if (running) return;
    running = true;
    runDueReminders(new Date())
      .catch((error: unknown) => console.error("[reminders] run failed:", error))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, options.everyMs ?? EVERY_MS);
  timer.unref();
  const first = setTimeout(tick, 2_000);
  first.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}

/** The same job in the shape lib/app/background-jobs.ts takes. */
export const sessionReminderJob = {
  name: "session-reminders",
  everyMs: EVERY_MS,
  run: (now: Date) => runDueReminders(now),
};
