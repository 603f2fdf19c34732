import { DateTime } from "luxon";
import type { Metadata } from "next";
import Link from "next/link";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { listAssignments } from "@/lib/assignments/list-assignments";
import { getGroup } from "@/lib/groups/get-group";
import { progressGrid, type ProgressGrid } from "@/lib/progress/progress-grid";
import { listSessions } from "@/lib/sessions/list-sessions";
import { sessionFormOptions } from "@/lib/sessions/session-form-options";
import { SessionsNav } from "../sessions/_components/sessions-nav";
import { AssignForm } from "./assign-form";
import { RemoveAssignment } from "./remove-assignment";

export const metadata: Metadata = { title: "Readings and progress" };

type Props = { params: Promise<{ groupId: string }> };

/** A symbol for the eye, its meaning for screen readers (the symbol alone reads "check mark"). */
function Mark({ symbol, label, className }: { symbol: string; label: string; className?: string }) {
  return (
    // Relative: the screen-reader text is absolutely positioned and must stay inside the
    // scrolling grid, or it widens the whole page.
    <span className={`relative ${className ?? ""}`} title={label}>
      <span aria-hidden="true">{symbol}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

function Cell({ cell }: { cell: ProgressGrid["rows"][number]["cells"][number] }) {
  if (!cell.assigned) return <Mark symbol="·" label="Not assigned" className="text-muted" />;
  if (!cell.progress || (cell.progress.fraction <= 0 && !cell.progress.completed))
    return <Mark symbol="○" label="Not started" className="text-red-700" />;
  if (cell.progress.completed) return <Mark symbol="✓" label="Read" className="text-green-700" />;
  const percent = `${Math.round(cell.progress.fraction * 100)}%`;
  return <Mark symbol={percent} label={`${percent} read`} />;
}

export default async function AssignmentsPage({ params }: Props) {
  const { groupId } = await params;
  const { user, access } = await requirePageAccess(
    `/groups/${groupId}/assignments`,
    "assignments.view",
    { type: "group", id: groupId },
  );
  const canManage = can(access.role, "assignments.manage");
  const canSeeAll = can(access.role, "progress.view-all");
  const [group, assignments, grid, options, upcoming] = await Promise.all([
    getGroup(access),
    listAssignments(access),
    canSeeAll ? progressGrid(access) : null,
    canManage ? sessionFormOptions(access) : null,
    canManage ? listSessions(access, { range: "upcoming" }) : [],
  ]);
  const when = (iso: string | null) =>
    iso
      ? DateTime.fromISO(iso).setZone(user.timeZone).setLocale("en-GB").toFormat("ccc d LLL")
      : "—";
  const chapterHref = (textId: string, chapterId: string) =>
    `/groups/${groupId}/texts/${textId}/chapters/${chapterId}`;

  return (
    <div>
      <GroupHeader group={group} role={access.role} active="sessions" />
      <SessionsNav
        groupId={groupId}
        active="readings"
        canManage={can(access.role, "sessions.manage")}
      />
      {grid ? (
        <Card className="mb-6">
          <h2 className="mb-1 font-serif text-lg font-semibold">Who has read what</h2>
          {grid.nextSession ? (
            grid.nextSession.notStarted.length === 0 ? (
              <p className="mb-3 text-sm">Everyone has started the reading for the next session.</p>
            ) : (
              // One line per member: a run-on sentence of names and chapters could not be scanned.
              <div className="mb-4 text-sm">
                <h3 className="mb-1 font-medium">Not started before {grid.nextSession.title}</h3>
                <ul aria-label="Not started yet" className="divide-y divide-line">
                  {grid.nextSession.notStarted.map((entry) => (
                    <li
                      key={entry.userId}
                      className="flex flex-wrap items-baseline justify-between gap-x-3 py-1"
                    >
                      <span className="font-medium">{entry.name}</span>
                      <span className="min-w-0 text-muted">
                        {entry.chapters.map((chapter) => chapter.title).join(" · ")}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            )
          ) : null}
          {grid.columns.length === 0 ? (
            <p className="text-sm text-muted">Nothing assigned yet.</p>
          ) : (
            <div className="relative overflow-x-auto">
              <table className="text-sm">
                <thead>
                  <tr>
                    <th className="sticky left-0 bg-paper px-2 py-1 text-left font-medium">
                      Member
                    </th>
                    {grid.columns.map((column) => (
                      <th
                        key={column.chapterId}
                        className="px-2 py-1 text-left align-bottom font-normal"
                      >
                        <Link
                          href={chapterHref(column.textId, column.chapterId)}
                          className="block max-w-[8rem] truncate font-medium hover:underline"
                          title={`${column.title} — ${column.textTitle}`}
                        >
                          {column.title}
                        </Link>
                        <span className="text-xs text-muted">{when(column.dueAt)}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-line">
                  {grid.rows.map((row) => (
                    <tr key={row.userId}>
                      <th
                        scope="row"
                        className="sticky left-0 whitespace-nowrap bg-paper px-2 py-1 text-left font-normal"
                      >
                        {row.name}
                      </th>
                      {row.cells.map((cell) => (
                        <td key={cell.chapterId} className="px-2 py-1 text-center">
                          <Cell cell={cell} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="mt-2 text-xs text-muted">
                ✓ read · 40% how far · ○ not started · · not assigned
              </p>
            </div>
          )}
        </Card>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <Card>
          <h2 className="mb-3 font-serif text-lg font-semibold">Assigned readings</h2>
          {assignments.length === 0 ? (
            <p className="text-sm text-muted">Nothing assigned yet.</p>
          ) : (
            <ul className="divide-y divide-line text-sm">
              {assignments.map((assignment) => (
                <li
                  key={assignment.id}
                  className="flex flex-wrap items-baseline justify-between gap-2 py-2"
                >
                  <span>
                    <Link
                      href={chapterHref(assignment.chapter.textId, assignment.chapter.id)}
                      className="font-medium hover:underline"
                    >
                      {assignment.chapter.title}
                    </Link>
                    <span className="text-muted"> — {assignment.chapter.textTitle}</span>
                    <span className="block text-xs text-muted">
                      {assignment.forEveryone
                        ? "Everyone"
                        : assignment.members.map((member) => member.name).join(", ")}
                      {" · due "}
                      {assignment.session ? (
                        <Link
                          href={`/groups/${groupId}/sessions/${assignment.session.id}`}
                          className="hover:underline"
                        >
                          {when(assignment.dueAt)} ({assignment.session.title})
                        </Link>
                      ) : (
                        when(assignment.dueAt)
                      )}
                    </span>
                  </span>
                  {canManage ? (
                    <RemoveAssignment groupId={groupId} assignmentId={assignment.id} />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {options ? (
          <Card>
            <h2 className="mb-3 font-serif text-lg font-semibold">Assign reading</h2>
            <AssignForm
              groupId={groupId}
              texts={options.texts}
              members={options.members}
              viewerTimeZone={user.timeZone}
              sessions={upcoming
                .filter((session) => session.status === "scheduled")
                .map((session) => ({
                  id: session.id,
                  label: `${when(session.startsAt)} · ${session.title}`,
                }))}
            />
          </Card>
        ) : (
          <Card>
            <p className="text-sm">
              Your own list of what to read next is in{" "}
              <Link href="/readings" className="text-accent hover:underline">
                My readings
              </Link>
              .
            </p>
          </Card>
        )}
      </div>
    </div>
  );
}
