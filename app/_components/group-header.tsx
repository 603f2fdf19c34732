import Link from "next/link";

type Tab = { key: string; label: string; href: string };

export function GroupHeader({
  group,
  role,
  active,
}: {
  group: { id: string; name: string; description: string; coverEmoji: string; coverColor: string };
  role: "OWNER" | "MODERATOR" | "MEMBER";
  active: string;
}) {
  const base = `/groups/${group.id}`;
  const tabs: Tab[] = [
    { key: "home", label: "Home", href: base },
    { key: "library", label: "Library", href: `${base}/texts` },
    { key: "sessions", label: "Sessions", href: `${base}/sessions` },
    { key: "members", label: "Members", href: `${base}/members` },
    { key: "search", label: "Search", href: `${base}/search` },
  ];
  if (role !== "MEMBER")
    tabs.push({ key: "moderation", label: "Moderation", href: `${base}/moderation` });
  if (role === "OWNER") tabs.push({ key: "settings", label: "Settings", href: `${base}/settings` });
  return (
    <div className="mb-8">
      <div className="flex items-center gap-4">
        <div
          aria-hidden
          className="flex h-14 w-14 shrink-0 items-center justify-center rounded-xl text-3xl shadow-sm"
          style={{ backgroundColor: group.coverColor }}
        >
          {group.coverEmoji}
        </div>
        <div className="min-w-0">
          <h1 className="truncate font-serif text-2xl font-semibold sm:text-3xl">{group.name}</h1>
          <p className="text-sm text-muted">{ROLE_LABELS[role]}</p>
        </div>
      </div>
      {/* One row that scrolls sideways on a phone instead of wrapping into a second row. */}
      <nav
        aria-label="Group"
        className="-mx-4 mt-5 flex gap-x-1 overflow-x-auto border-b border-line px-4 [scrollbar-width:none] sm:mx-0 sm:px-0"
      >
        {tabs.map((tab) => (
          <Link
            key={tab.key}
            href={tab.href}
            aria-current={tab.key === active ? "page" : undefined}
            className={`shrink-0 whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
              tab.key === active
                ? "border-accent text-ink"
                : "border-transparent text-muted hover:text-ink"
            }`}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}

export const ROLE_LABELS = { OWNER: "Owner", MODERATOR: "Moderator", MEMBER: "Member" } as const;
