/**
 * Every main page of the app, on the demo group's seeded data: the pages a member or organiser
 * reaches from the header, the group tabs and the library. Used by the page-sweep journeys.
 */
import { db } from "@/lib/db/prisma";
import { DEMO_GROUP_ID } from "@/tests/e2e/helpers/setup-e2e-app";

export const SIGNED_OUT_PAGES = ["/", "/sign-in", "/sign-up", "/forgot-password"];

/** The demo group's pages for its organiser, ids looked up in the seeded database. */
export async function demoGroupPages(): Promise<string[]> {
  const group = `/groups/${DEMO_GROUP_ID}`;
  const text = await db.text.findFirstOrThrow({
    where: { groupId: DEMO_GROUP_ID, chapters: { some: {} } },
    orderBy: { createdAt: "asc" },
    select: { id: true, chapters: { orderBy: { index: "asc" }, take: 1, select: { id: true } } },
  });
  const now = new Date();
  const [past, upcoming] = await Promise.all([
    db.discussionSession.findFirstOrThrow({
      where: { groupId: DEMO_GROUP_ID, startsAt: { lt: now } },
      orderBy: { startsAt: "desc" },
      select: { id: true },
    }),
    db.discussionSession.findFirstOrThrow({
      where: { groupId: DEMO_GROUP_ID, startsAt: { gte: now } },
      orderBy: { startsAt: "asc" },
      select: { id: true },
    }),
  ]);
  const chapter = text.chapters[0]?.id;
  return [
    "/groups",
    "/readings",
    "/agenda",
    "/notifications",
    "/profile",
    group,
    `${group}/texts`,
    `${group}/texts/${text.id}`,
    `${group}/texts/${text.id}/chapters/${chapter}`,
    `${group}/texts/${text.id}/comments`,
    `${group}/sessions`,
    `${group}/sessions/${upcoming.id}`,
    `${group}/sessions/${upcoming.id}/live`,
    `${group}/sessions/${past.id}`,
    `${group}/sessions/archive`,
    `${group}/sessions/plan`,
    `${group}/sessions/new`,
    `${group}/calendar`,
    `${group}/assignments`,
    `${group}/members`,
    `${group}/search?q=the`,
    `${group}/settings`,
    `${group}/moderation`,
  ];
}

/** A short stable label for a page address in reports ("texts/:id/chapters/:id"). */
export function pageLabel(pathname: string): string {
  return (
    pathname
      .replace(`/groups/${DEMO_GROUP_ID}`, "group")
      .split("/")
      .map((segment) => (segment.length >= 20 ? ":id" : segment))
      .join("/") || "/"
  );
}
