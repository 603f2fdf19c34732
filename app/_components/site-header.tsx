import Link from "next/link";
import { BookOpen } from "lucide-react";
import { Avatar } from "@/app/_components/avatar";
import { getSessionUser } from "@/lib/auth/session";
import { NotificationBell } from "@/app/_components/notification-bell";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { TimeZoneBanner } from "@/app/_components/time-zone-banner";
import { SignedOutLinks } from "@/app/_components/signed-out-links";

export async function SiteHeader() {
  const user = await getSessionUser();
  return (
    <header className="border-b border-line bg-paper/90 backdrop-blur">
      <div
        data-site-header-bar
        className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-2 px-4 sm:gap-4 sm:px-6"
      >
        <Link href="/" className="font-serif text-xl font-semibold tracking-tight text-ink">
          Marginalia
        </Link>
        <nav className="flex min-w-0 items-center gap-1 text-sm sm:gap-3" aria-label="Account">
          {user ? (
            <>
              <Link
                href="/groups"
                className="whitespace-nowrap rounded px-2 py-1 text-muted hover:text-ink"
              >
                <span className="sm:hidden">Groups</span>
                <span className="hidden sm:inline">My groups</span>
              </Link>
              <Link
                href="/readings"
                aria-label="My readings"
                className="whitespace-nowrap rounded px-1 py-1 text-muted hover:text-ink sm:px-2"
              >
                <BookOpen aria-hidden className="h-5 w-5 sm:hidden" strokeWidth={1.75} />
                <span className="hidden sm:inline">Readings</span>
              </Link>
              {/* On phones the agenda is one tap further, from My readings: the bar is full. */}
              <Link
                href="/agenda"
                className="hidden whitespace-nowrap rounded px-2 py-1 text-muted hover:text-ink sm:inline"
              >
                Agenda
              </Link>
              <NotificationBell userId={user.id} />
              {/* On phones the initials stand for the name: a name cut to "A…" says nothing. */}
              {/* The name as hidden text, not aria-label: a label that does not contain the visible
                  initials fails axe's label-content-name-mismatch (voice control users say what
                  they see). */}
              <Link
                href="/profile"
                className="flex shrink-0 items-center rounded px-1 py-1 text-muted hover:text-ink sm:hidden"
                title={user.email}
              >
                <Avatar id={user.id} name={user.name} size={28} decorative />
                <span className="sr-only">{user.name}</span>
              </Link>
              <Link
                href="/profile"
                className="hidden max-w-[14rem] truncate whitespace-nowrap rounded px-2 py-1 text-muted hover:text-ink sm:inline"
                title={user.email}
              >
                {user.name}
              </Link>
              <SignOutButton />
            </>
          ) : (
            <SignedOutLinks />
          )}
        </nav>
      </div>
      {user ? <TimeZoneBanner storedZone={user.timeZone} /> : null}
    </header>
  );
}
