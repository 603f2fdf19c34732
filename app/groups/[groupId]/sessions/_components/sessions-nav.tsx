import Link from "next/link";

const TABS = [
  { key: "upcoming", label: "Upcoming", path: "sessions" },
  { key: "month", label: "Month", path: "calendar" },
  { key: "archive", label: "Archive", path: "sessions/archive" },
  { key: "readings", label: "Readings & progress", path: "assignments" },
] as const;

/** Second-level navigation of the Sessions tab, with the organisers' actions beside it. */
export function SessionsNav({
  groupId,
  active,
  canManage,
}: {
  groupId: string;
  active: (typeof TABS)[number]["key"] | "none";
  canManage: boolean;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
      <nav aria-label="Sessions" className="flex flex-wrap gap-1">
        {TABS.map((tab) => (
          <Link
            key={tab.key}
            href={`/groups/${groupId}/${tab.path}`}
            aria-current={tab.key === active ? "page" : undefined}
            className={`rounded-full px-3 py-1 text-sm ${
              tab.key === active
                ? "bg-accent text-paper"
                : "border border-line text-muted hover:text-ink"
            }`}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      {canManage ? (
        <div className="flex flex-wrap gap-2">
          <Link
            href={`/groups/${groupId}/sessions/plan`}
            className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-paper hover:opacity-90"
          >
            Plan a series
          </Link>
          <Link
            href={`/groups/${groupId}/sessions/new`}
            className="rounded-md border border-line px-3 py-1.5 text-sm font-medium hover:bg-accent-soft"
          >
            New session
          </Link>
        </div>
      ) : null}
    </div>
  );
}
