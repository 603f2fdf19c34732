import { z } from "zod";
import { ZCreateAssignmentsInput } from "@/lib/assignments/assignment-schemas";
import { ZChangeRoleInput } from "@/lib/groups/change-member-role";
import { ZCreateGroupInput, ZUpdateGroupInput } from "@/lib/groups/group-schemas";
import { ZTransferOwnershipInput } from "@/lib/groups/transfer-ownership";
import type { TApiRegistry } from "@/lib/openapi/registry";
import {
  anyJsonObject,
  ZGroupDetail,
  ZGroupListItem,
  ZGroupSummary,
  ZInviteRedeemed,
  ZMember,
  ZUrlAnswer,
} from "@/lib/openapi/responses";
import { ZCreateInviteInput } from "@/lib/invites/create-invite";
import { ZRedeemInviteInput } from "@/lib/invites/redeem-invite";

const noContent = { 204: { description: "Done", schema: null } };

export function registerGroupPaths({ operation }: TApiRegistry) {
  const tags = ["Groups"];
  operation({
    method: "get",
    path: "/api/groups",
    summary: "The signed-in user's groups",
    who: "signed-in",
    tags,
    responses: {
      200: { description: "Groups", schema: z.object({ groups: z.array(ZGroupListItem) }) },
    },
  });
  operation({
    method: "post",
    path: "/api/groups",
    summary: "Start a group (the creator is its owner)",
    who: "signed-in",
    tags,
    body: ZCreateGroupInput,
    responses: {
      201: {
        description: "The group",
        schema: z.object({ group: ZGroupSummary.extend({ createdAt: z.string() }) }),
      },
    },
  });
  operation({
    method: "get",
    path: "/api/groups/{groupId}",
    summary: "A group",
    who: "member",
    tags,
    responses: { 200: { description: "The group", schema: z.object({ group: ZGroupDetail }) } },
  });
  operation({
    method: "patch",
    path: "/api/groups/{groupId}",
    summary: "Change a group (owner)",
    who: "member",
    tags,
    body: ZUpdateGroupInput,
    responses: { 200: { description: "The group", schema: z.object({ group: ZGroupSummary }) } },
  });
  operation({
    method: "delete",
    path: "/api/groups/{groupId}",
    summary: "Delete a group (owner)",
    who: "member",
    tags,
    responses: noContent,
  });
  operation({
    method: "get",
    path: "/api/groups/{groupId}/members",
    summary: "Members (e-mail addresses for owners and moderators)",
    who: "member",
    tags,
    responses: { 200: { description: "Members", schema: z.object({ members: z.array(ZMember) }) } },
  });
  operation({
    method: "get",
    path: "/api/groups/{groupId}/online",
    summary: "Members connected now, and the chapter each has open",
    who: "member",
    tags,
    responses: {
      200: {
        description: "Who is online",
        schema: z.object({
          online: z.array(
            z.object({
              userId: z.string(),
              name: z.string(),
              chapter: z
                .object({ id: z.string(), title: z.string(), textId: z.string() })
                .nullable(),
            }),
          ),
          partial: z.boolean(),
        }),
      },
    },
  });
  operation({
    method: "patch",
    path: "/api/groups/{groupId}/members/{userId}",
    summary: "Change a member's role (owner)",
    who: "member",
    tags,
    body: ZChangeRoleInput,
    responses: {
      200: {
        description: "The membership",
        schema: z.object({ membership: z.object({ userId: z.string(), role: z.string() }) }),
      },
    },
    errors: ["conflict"],
  });
  operation({
    method: "delete",
    path: "/api/groups/{groupId}/members/{userId}",
    summary: "Remove a member (owner; moderators remove members)",
    who: "member",
    tags,
    responses: noContent,
    errors: ["conflict"],
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/leave",
    summary: "Leave the group",
    who: "member",
    tags,
    responses: noContent,
    errors: ["conflict"],
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/transfer-ownership",
    summary: "Hand the group to another member (owner)",
    who: "member",
    tags,
    body: ZTransferOwnershipInput,
    responses: { 200: { description: "The new owner", schema: z.object({ ownerId: z.string() }) } },
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/members/{userId}/password-reset",
    summary: "A single-use password reset link for a member (owner, without SMTP)",
    who: "member",
    tags: ["Accounts"],
    responses: {
      201: {
        description: "The link",
        schema: z.object({ url: z.string(), expiresAt: z.string() }),
      },
    },
    errors: ["conflict", "rate_limited"],
  });
  operation({
    method: "get",
    path: "/api/groups/{groupId}/archive",
    summary: "The group's whole data as one zip (owner; docs/group-archive.md)",
    who: "member",
    tags,
    responses: {
      200: {
        description: "The archive",
        content: { "application/zip": { schema: { type: "string", format: "binary" } } },
      },
    },
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/archive",
    summary: "Load an archive into an empty group (owner)",
    who: "member",
    tags,
    body: {
      content: {
        "application/zip": { schema: { type: "string", format: "binary" } },
        "multipart/form-data": {
          schema: {
            type: "object",
            properties: { file: { type: "string", format: "binary" } },
            required: ["file"],
          },
        },
      },
    },
    responses: {
      201: {
        description: "What was imported",
        schema: z.object({ import: anyJsonObject("Counts, invited addresses") }),
      },
    },
    errors: [
      "conflict",
      "unprocessable",
      "payload_too_large",
      "unsupported_media_type",
      "bad_request",
    ],
  });

  const invites = ["Invitations"];
  operation({
    method: "get",
    path: "/api/groups/{groupId}/invites",
    summary: "The group's invitations (owner, moderator)",
    who: "member",
    tags: invites,
    responses: {
      200: {
        description: "Invitations",
        schema: z.object({ invites: z.array(anyJsonObject("An invitation")) }),
      },
    },
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/invites",
    summary: "Create an invitation link (shown once)",
    who: "member",
    tags: invites,
    body: ZCreateInviteInput,
    bodyRequired: false,
    responses: {
      201: {
        description: "The invitation and its link",
        schema: z.object({
          invite: anyJsonObject("The invitation"),
          url: z.string(),
          emailed: z.boolean(),
        }),
      },
    },
  });
  operation({
    method: "delete",
    path: "/api/groups/{groupId}/invites/{inviteId}",
    summary: "Revoke an invitation",
    who: "member",
    tags: invites,
    responses: noContent,
  });
  operation({
    method: "post",
    path: "/api/invites/redeem",
    summary: "Join with an invitation link's token",
    who: "signed-in",
    tags: invites,
    body: ZRedeemInviteInput,
    responses: { 200: { description: "Joined", schema: ZInviteRedeemed } },
    errors: ["not_found", "conflict", "rate_limited"],
  });
  operation({
    method: "get",
    path: "/api/invites/pending",
    summary: "Invitations addressed to your verified e-mail",
    who: "signed-in",
    tags: invites,
    responses: {
      200: {
        description: "Invitations",
        schema: z.object({ invites: z.array(anyJsonObject("An invitation")) }),
      },
    },
  });
  operation({
    method: "post",
    path: "/api/invites/{inviteId}/accept",
    summary: "Accept an invitation addressed to you",
    who: "signed-in",
    tags: invites,
    responses: { 200: { description: "Joined", schema: ZInviteRedeemed } },
    errors: ["not_found", "conflict"],
  });
  operation({
    method: "post",
    path: "/api/invites/{inviteId}/decline",
    summary: "Decline an invitation addressed to you",
    who: "signed-in",
    tags: invites,
    responses: noContent,
    errors: ["not_found"],
  });

  const readings = ["Sessions and readings"];
  operation({
    method: "get",
    path: "/api/groups/{groupId}/assignments",
    summary: "Reading assignments, soonest due first",
    who: "member",
    tags: readings,
    responses: {
      200: {
        description: "Assignments",
        schema: z.object({ assignments: z.array(anyJsonObject("An assignment")) }),
      },
    },
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/assignments",
    summary: "Assign chapters (organisers)",
    who: "member",
    tags: readings,
    body: ZCreateAssignmentsInput,
    responses: {
      201: {
        description: "Assignments",
        schema: z.object({ assignments: z.array(anyJsonObject("An assignment")) }),
      },
    },
  });
  operation({
    method: "delete",
    path: "/api/groups/{groupId}/assignments/{assignmentId}",
    summary: "Remove an assignment (organisers)",
    who: "member",
    tags: readings,
    responses: noContent,
  });
  operation({
    method: "get",
    path: "/api/groups/{groupId}/progress",
    summary: "Who has read what (organisers)",
    who: "member",
    tags: readings,
    responses: {
      200: {
        description: "The grid",
        schema: z.object({
          columns: z.array(anyJsonObject("A chapter column")),
          rows: z.array(anyJsonObject("A member's row")),
          nextSession: anyJsonObject("The next session and who has not started").nullable(),
        }),
      },
    },
  });
  operation({
    method: "get",
    path: "/api/groups/{groupId}/calendar",
    summary: "Your secret ICS feed of the group",
    who: "member",
    tags: ["Calendar"],
    responses: { 200: { description: "The feed's address", schema: ZUrlAnswer } },
  });
  operation({
    method: "post",
    path: "/api/groups/{groupId}/calendar/regenerate",
    summary: "A new feed address (the old one answers 404)",
    who: "member",
    tags: ["Calendar"],
    responses: { 200: { description: "The feed's address", schema: ZUrlAnswer } },
  });
}
