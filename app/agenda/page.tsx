import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/ui";
import { requirePageUser } from "@/lib/http/page-guard";
import { listMyAgenda } from "@/lib/sessions/list-my-agenda";
import { sessionWhen } from "@/app/groups/[groupId]/sessions/_components/session-card";
import { SubscribePanel } from "@/app/groups/[groupId]/sessions/_components/subscribe-panel";

export const metadata: Metadata = { title: "Agenda" };

/** The member's upcoming sessions across all their groups, and their personal calendar feed. */
export default async function AgendaPage() {
  const user = await requirePageUser("/agenda");
  const sessions = await listMyAgenda(user.id);
  return (
    <div className="mx-auto grid max-w-5xl gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div>
        <h1 className="mb-1 font-serif text-3xl font-semibold">Agenda</h1>
        <p className="mb-6 text-muted">Upcoming sessions of all your groups, in {user.timeZone}.</p>
        {sessions.length === 0 ? (
          <Card>
            <p className="text-muted">No session is planned in your groups.</p>
          </Card>
        ) : (
          <ul className="space-y-3">
            {sessions.map((session) => (
              <li
                key={session.id}
                className="rounded-xl border border-line bg-white/60 p-4 dark:bg-white/5"
              >
                <p className="text-xs text-muted">
                  {session.group.coverEmoji} {session.group.name}
                </p>
                <Link
                  href={`/groups/${session.group.id}/sessions/${session.id}`}
                  className={`font-serif text-lg font-semibold hover:underline ${session.status === "cancelled" ? "text-muted line-through" : ""}`}
                >
                  {session.title}
                </Link>
                <p className="text-sm text-muted">
                  {sessionWhen(session, user.timeZone)}
                  {session.status === "cancelled" ? " · cancelled" : ""}
                </p>
                {session.chapters.length > 0 ? (
                  <p className="mt-1 text-sm">
                    <span className="text-muted">Read: </span>
                    {session.chapters.map((chapter) => chapter.title).join(", ")}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      <aside>
        <Card>
          <h2 className="mb-3 font-serif text-lg font-semibold">Your calendar feed</h2>
          <SubscribePanel
            endpoint="/api/me/calendar"
            label="One feed with the sessions of every group you belong to."
          />
        </Card>
        <p className="mt-4 text-sm">
          <Link href="/readings" className="text-accent hover:underline">
            What to read next →
          </Link>
        </p>
      </aside>
    </div>
  );
}
