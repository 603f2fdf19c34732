import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/prisma";
import { seedGroup, seedMembership, seedUser } from "@/seeds/factories";
import { anchorFor, CollabClient } from "@/tests/helpers/collab-client";
import { HttpClient } from "@/tests/helpers/http-client";

export const MATRIX_ROLES = ["owner", "moderator", "member", "outsider", "anonymous"] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

export type Cast = {
  users: Record<
    Exclude<MatrixRole, "anonymous">,
    { id: string; email: string; password: string }
  > & {
    target: { id: string; email: string; password: string };
  };
  clients: Record<MatrixRole, HttpClient>;
};

/** One user per role, signed in through next-auth; reused across fixtures. */
export async function castUsers(baseUrl: string): Promise<Cast> {
  const tag = randomUUID().slice(0, 6);
  const make = (name: string) =>
    seedUser({ email: `${name}-${tag}@example.test`, name: `${name} ${tag}` });
  const users = {
    owner: await make("owner"),
    moderator: await make("moderator"),
    member: await make("member"),
    outsider: await make("outsider"),
    target: await make("target"),
  };
  const clients = {} as Record<MatrixRole, HttpClient>;
  for (const role of MATRIX_ROLES) {
    clients[role] = new HttpClient(baseUrl);
    if (role !== "anonymous") {
      const result = await clients[role].signIn(users[role].email, users[role].password);
      if (!result.ok) throw new Error(`could not sign in ${role}: ${result.error}`);
    }
  }
  // The outsider belongs to a group of their own, so "member of another group" is what is tested.
  await seedGroup(users.outsider, { name: "Outsider's own group" });
  return { users, clients };
}

export type GroupFixture = {
  groupId: string;
  groupName: string;
  inviteId: string;
  textId: string;
  chapterId: string;
  paragraphIds: string[];
  sessionId: string;
};

/** A fresh private group with the cast in their roles (plus a plain member to act on). */
export async function groupFixture(cast: Cast): Promise<GroupFixture> {
  const groupName = `Secret Group ${randomUUID().slice(0, 8)}`;
  const group = await seedGroup(cast.users.owner, {
    name: groupName,
    description: `Private notes of ${groupName}`,
  });
  await seedMembership(group.id, cast.users.moderator.id, "MODERATOR");
  await seedMembership(group.id, cast.users.member.id, "MEMBER");
  await seedMembership(group.id, cast.users.target.id, "MEMBER");
  const invite = await db.invite.create({
    data: {
      groupId: group.id,
      tokenHash: randomUUID(),
      role: "MEMBER",
      createdById: cast.users.owner.id,
    },
  });
  const text = await db.text.create({
    data: {
      groupId: group.id,
      title: `Text of ${groupName}`,
      sourceFormat: "txt",
      chapters: {
        create: [
          { index: 0, title: `Chapter of ${groupName}` },
          { index: 1, title: "Second chapter" },
        ],
      },
    },
    include: { chapters: { orderBy: { index: "asc" } } },
  });
  const chapter = text.chapters[0];
  if (!chapter) throw new Error("fixture chapter missing");
  const paragraphIds: string[] = [];
  for (const [index, body] of [
    `Secret first paragraph of ${groupName}.`,
    "A second paragraph.",
  ].entries()) {
    const paragraph = await db.paragraph.create({
      data: { chapterId: chapter.id, textId: text.id, index, text: body },
    });
    paragraphIds.push(paragraph.id);
  }
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const session = await db.discussionSession.create({
    data: {
      groupId: group.id,
      title: `Session of ${groupName}`,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      timeZone: "Europe/London",
      hostId: cast.users.owner.id,
      chapters: { create: [{ chapterId: chapter.id, position: 0 }] },
    },
  });
  return {
    groupId: group.id,
    groupName,
    inviteId: invite.id,
    textId: text.id,
    chapterId: chapter.id,
    paragraphIds,
    sessionId: session.id,
  };
}

/**
 * A comment by the owner on the fixture's first paragraph, through the real socket (with
 * `withReply`, and a reply by the owner). With `initialiseSession`, the session document's first state (its host) is stored too, so that a
 * refused session command later has nothing to initialise.
 */
export async function ownerComment(
  serverUrl: string,
  cast: Cast,
  f: GroupFixture,
  { initialiseSession = false, withReply = false } = {},
): Promise<{ threadId: string; messageId: string; replyId?: string }> {
  const client = new CollabClient(serverUrl, cast.clients.owner.cookieHeader());
  try {
    await client.connected();
    const threadId = randomUUID();
    const messageId = randomUUID();
    const ack = await client.command(`chapter:${f.chapterId}`, "comment.create", {
      threadId,
      messageId,
      anchor: anchorFor(f.chapterId, f.paragraphIds[0] ?? "", "Secret"),
      body: `A comment in ${f.groupName}`,
    });
    if (!ack.ok) throw new Error(`comment not created: ${JSON.stringify(ack)}`);
    let replyId: string | undefined;
    if (withReply) {
      replyId = randomUUID();
      const replied = await client.command(`chapter:${f.chapterId}`, "comment.reply", {
        threadId,
        messageId: replyId,
        body: "A reply",
      });
      if (!replied.ok) throw new Error(`reply not created: ${JSON.stringify(replied)}`);
    }
    if (initialiseSession) {
      const raised = await client.command(`session:${f.sessionId}`, "hand.raise");
      if (!raised.ok) throw new Error(`session not initialised: ${JSON.stringify(raised)}`);
    }
    return { threadId, messageId, replyId };
  } finally {
    client.close();
  }
}

/** The owner's comment held until the fixture's session (a week away), stored directly. */
export async function ownerHeldComment(cast: Cast, f: GroupFixture): Promise<string> {
  const held = await db.heldComment.create({
    data: {
      sessionId: f.sessionId,
      chapterId: f.chapterId,
      authorId: cast.users.owner.id,
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: anchorFor(f.chapterId, f.paragraphIds[0] ?? "", "Secret"),
      body: "Held",
      revealAt: new Date(Date.now() + 7 * 86_400_000),
    },
  });
  return held.id;
}
