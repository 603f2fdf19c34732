import { z } from "zod";
import type { TApiRegistry } from "@/lib/openapi/registry";
import { anyJsonObject, ZNotification, ZSession, ZUrlAnswer } from "@/lib/openapi/responses";
import {
  ZChapterRecapInput,
  ZHoldCommentInput,
  ZMarkThreadInput,
} from "@/lib/sessions/live/live-schemas";
import { ZMarkReadInput } from "@/lib/notifications/mark-notifications-read";
import { ZListSessionsQuery } from "@/lib/sessions/list-sessions";
import { ZSeriesInput } from "@/lib/sessions/plan-session-series";
import {
  ZCreateSessionInput,
  ZRsvpInput,
  ZUpdateSessionInput,
} from "@/lib/sessions/session-schemas";
import { ZSetRolesInput } from "@/lib/sessions/set-session-roles";

const calendarFile = {
  "text/calendar": { schema: z.string().describe("RFC 5545 iCalendar, CRLF line ends") },
};

export function registerSessionPaths({ operation }: TApiRegistry) {
  const tags = ["Sessions and readings"];
  const session = { 200: { description: "The session", schema: z.object({ session: ZSession }) } };
  operation({
    method: "get",
    path: "/api/groups/{groupId}/sessions",
    summary: "The group's discussion sessions",
    who: "member",
    tags,
    query: ZListSessionsQuery,
    responses: {
      200: { description: "Sessions", schema: z.object({ sessions: z.array(ZSession) }) },
    },
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/sessions",
    summary: "Plan a session (organisers)",
    who: "member",
    tags,
    body: ZCreateSessionInput,
    responses: { 201: { description: "The session", schema: z.object({ session: ZSession }) } },
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/sessions/series/preview",
    summary: "The sessions a series plan would make; nothing is stored (organisers)",
    who: "member",
    tags,
    body: ZSeriesInput,
    responses: {
      200: {
        description: "The planned sessions",
        schema: z.object({
          timeZone: z.string(),
          sessions: z.array(anyJsonObject("A planned session")),
        }),
      },
    },
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/sessions/series",
    summary: "Plan a series of sessions from a text's chapters (organisers)",
    who: "member",
    tags,
    body: ZSeriesInput,
    responses: {
      201: {
        description: "The series",
        schema: z.object({ seriesId: z.string(), sessionIds: z.array(z.string()) }),
      },
    },
  });
  operation({
    method: "get",
    path: "/api/sessions/{sessionId}",
    summary: "A session and its assignments",
    who: "member",
    tags,
    responses: {
      200: {
        description: "The session",
        schema: z.object({
          session: ZSession,
          assignments: z.array(anyJsonObject("An assignment")),
        }),
      },
    },
  });
  operation({
    method: "patch",
    path: "/api/sessions/{sessionId}",
    summary: "Change a session, optionally shifting the rest of its series (organisers)",
    who: "member",
    tags,
    body: ZUpdateSessionInput,
    responses: {
      200: {
        description: "The session",
        schema: z.object({ session: ZSession, shifted: z.array(z.string()) }),
      },
    },
    errors: ["conflict"],
  });
  operation({
    method: "post",
    path: "/api/sessions/{sessionId}/cancel",
    summary: "Cancel a session (organisers)",
    who: "member",
    tags,
    responses: session,
    errors: ["conflict"],
  });
  operation({
    method: "put",
    path: "/api/sessions/{sessionId}/rsvp",
    summary: "Answer whether you come",
    who: "member",
    tags,
    body: ZRsvpInput,
    responses: session,
    errors: ["conflict"],
  });
  operation({
    method: "put",
    path: "/api/sessions/{sessionId}/roles",
    summary: "Give a session's roles (organisers)",
    who: "member",
    tags,
    body: ZSetRolesInput,
    responses: session,
  });
  operation({
    method: "post",
    path: "/api/sessions/{sessionId}/roles/rotate",
    summary: "Hand the roles round the members to the end of the series (organisers)",
    who: "member",
    tags,
    responses: {
      200: { description: "The sessions", schema: z.object({ sessions: z.array(ZSession) }) },
    },
  });
  operation({
    method: "get",
    path: "/api/sessions/{sessionId}/ics",
    summary: "One session as an iCalendar download",
    who: "member",
    tags: ["Calendar"],
    responses: { 200: { description: "The event", content: calendarFile } },
  });
  operation({
    method: "get",
    path: "/api/me/readings",
    summary: "Your readings across your groups",
    who: "signed-in",
    tags,
    responses: {
      200: {
        description: "Readings",
        schema: z.object({
          next: z.array(anyJsonObject("A reading")),
          done: z.array(anyJsonObject("A reading")),
        }),
      },
    },
  });
  operation({
    method: "get",
    path: "/api/me/agenda",
    summary: "Upcoming sessions of all your groups",
    who: "signed-in",
    tags,
    responses: {
      200: {
        description: "Sessions",
        schema: z.object({
          sessions: z.array(ZSession.extend({ group: anyJsonObject("The group") })),
        }),
      },
    },
  });
  operation({
    method: "get",
    path: "/api/me/calendar",
    summary: "Your personal ICS feed across all your groups",
    who: "signed-in",
    tags: ["Calendar"],
    responses: { 200: { description: "The feed's address", schema: ZUrlAnswer } },
  });
  operation({
    method: "post",
    path: "/api/me/calendar/regenerate",
    summary: "A new personal feed address (the old one answers 404)",
    who: "signed-in",
    tags: ["Calendar"],
    responses: { 200: { description: "The feed's address", schema: ZUrlAnswer } },
  });
  operation({
    method: "get",
    path: "/api/calendar/{token}",
    summary: "An ICS feed; the path ends in `.ics` (`/api/calendar/<token>.ics`)",
    who: "token",
    tags: ["Calendar"],
    description:
      "The secret token is the credential. ETag and Last-Modified; If-None-Match (or If-Modified-Since) answers 304.",
    responses: {
      200: { description: "The feed", content: calendarFile },
      304: { description: "Not modified", schema: null },
    },
  });

  const notifications = ["Notifications"];
  operation({
    method: "get",
    path: "/api/notifications",
    summary: "Your notifications, newest first",
    who: "signed-in",
    tags: notifications,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }),
    responses: {
      200: {
        description: "Notifications",
        schema: z.object({ notifications: z.array(ZNotification), unread: z.number().int() }),
      },
    },
  });
  operation({
    method: "post",
    path: "/api/notifications/read",
    summary: "Mark notifications read",
    who: "signed-in",
    tags: notifications,
    body: ZMarkReadInput,
    responses: {
      200: { description: "How many changed", schema: z.object({ updated: z.number().int() }) },
    },
  });

  const live = ["Live sessions"];
  operation({
    method: "get",
    path: "/api/sessions/{sessionId}/held-comments",
    summary: "Your comments held until the session starts",
    who: "member",
    tags: live,
    responses: {
      200: {
        description: "Held comments",
        schema: z.object({ heldComments: z.array(anyJsonObject("A held comment")) }),
      },
    },
  });
  operation({
    method: "post",
    path: "/api/sessions/{sessionId}/held-comments",
    summary: "Hold a comment until the session starts",
    who: "member",
    tags: live,
    body: ZHoldCommentInput,
    responses: {
      201: {
        description: "The held comment",
        schema: z.object({ heldComment: anyJsonObject("A held comment") }),
      },
    },
    errors: ["conflict"],
  });
  operation({
    method: "delete",
    path: "/api/sessions/{sessionId}/held-comments/{heldCommentId}",
    summary: "Withdraw a held comment (its author)",
    who: "member",
    tags: live,
    responses: { 204: { description: "Withdrawn", schema: null } },
    errors: ["conflict"],
  });
  const mark = z.object({ markId: z.string(), created: z.boolean() });
  operation({
    method: "get",
    path: "/api/sessions/{sessionId}/marks",
    summary: "Threads brought to the session, in passage order",
    who: "member",
    tags: live,
    responses: {
      200: { description: "Marks", schema: z.object({ marks: z.array(anyJsonObject("A mark")) }) },
    },
  });
  operation({
    method: "post",
    path: "/api/sessions/{sessionId}/marks",
    summary: "Bring a thread to the session (and vote for it)",
    who: "member",
    tags: live,
    body: ZMarkThreadInput,
    responses: {
      201: { description: "Brought", schema: mark },
      200: { description: "Already brought; your vote is added", schema: mark },
    },
  });
  operation({
    method: "delete",
    path: "/api/sessions/{sessionId}/marks/{markId}",
    summary: "Take a thread off the session",
    who: "member",
    tags: live,
    responses: { 204: { description: "Removed", schema: null } },
  });
  const votes = {
    200: {
      description: "The votes",
      schema: z.object({ votes: z.number().int(), votedByMe: z.boolean() }),
    },
  };
  operation({
    method: "put",
    path: "/api/sessions/{sessionId}/marks/{markId}/vote",
    summary: "Vote for a brought thread",
    who: "member",
    tags: live,
    responses: votes,
  });
  operation({
    method: "delete",
    path: "/api/sessions/{sessionId}/marks/{markId}/vote",
    summary: "Take your vote back",
    who: "member",
    tags: live,
    responses: votes,
  });
  operation({
    method: "get",
    path: "/api/sessions/{sessionId}/recap",
    summary: "The session's recaps, one per chapter",
    who: "member",
    tags: live,
    responses: {
      200: {
        description: "Recaps",
        schema: z.object({ recaps: z.array(anyJsonObject("A recap")) }),
      },
    },
  });
  operation({
    method: "put",
    path: "/api/sessions/{sessionId}/recap",
    summary: "Write a chapter's recap (who runs the session)",
    who: "member",
    tags: live,
    body: ZChapterRecapInput,
    responses: {
      200: {
        description: "The recap, or null when removed",
        schema: z.object({ recap: anyJsonObject("chapterId, body, updatedAt").nullable() }),
      },
    },
  });
}
