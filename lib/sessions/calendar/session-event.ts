import type { CalendarEvent } from "@/lib/sessions/calendar/calendar-feed";

type EventSource = {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  location: string | null;
  videoUrl: string | null;
  status: "SCHEDULED" | "CANCELLED";
  sequence: number;
  updatedAt: Date;
  groupId: string;
  chapters: { chapter: { title: string; text: { title: string } } }[];
};

/** A session as a calendar event: what to read in the description, a link to its page. */
export function sessionEvent(session: EventSource, baseUrl: string): CalendarEvent {
  const url = `${baseUrl}/groups/${session.groupId}/sessions/${session.id}`;
  const reading = session.chapters.map(
    ({ chapter }) => `- ${chapter.title} (${chapter.text.title})`,
  );
  const description = [
    session.description,
    reading.length > 0 ? `Read for it:\n${reading.join("\n")}` : "",
    session.videoUrl ? `Video: ${session.videoUrl}` : "",
    url,
  ]
    .filter(Boolean)
    .join("\n\n");
  return {
    sessionId: session.id,
    sequence: session.sequence,
    title: session.title,
    description,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    timeZone: session.timeZone,
    location: session.location ?? session.videoUrl,
    url,
    cancelled: session.status === "CANCELLED",
    updatedAt: session.updatedAt,
  };
}

export const sessionEventSelect = {
  id: true,
  title: true,
  description: true,
  startsAt: true,
  endsAt: true,
  timeZone: true,
  location: true,
  videoUrl: true,
  status: true,
  sequence: true,
  updatedAt: true,
  groupId: true,
  chapters: {
    orderBy: { position: "asc" },
    select: { chapter: { select: { title: true, text: { select: { title: true } } } } },
  },
} as const;
