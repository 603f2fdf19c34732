/**
 * The real /collab socket server (attachRealtime, its PostgreSQL adapter) in the test's own
 * process, with what the tests that look inside it share: a group with one chapter, members with
 * session cookies, and a watch on every pg statement the process sends.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { Server } from "socket.io";
import { db } from "@/lib/db/prisma";
import { attachRealtime } from "@/lib/realtime/attach-realtime";
import { TEST_SESSION_SECRET } from "@/tests/helpers/test-database";

export type InProcessRealtime = { io: Server; url: string; close: () => Promise<void> };

export async function startInProcessRealtime(): Promise<InProcessRealtime> {
  const http = createServer();
  const io = new Server(http);
  const realtime = await attachRealtime(io);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    io,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: async () => {
      await realtime.close();
      await io.close();
    },
  };
}

/**
 * Calls `listener` with every statement any pg client of this process sends (pools, the
 * adapter's, transactions' clients): the connection, the SQL text and its parameters. Returns
 * the function that stops watching.
 */
export function watchPgStatements(
  listener: (connection: object, text: string, params: unknown[]) => void,
): () => void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: object, ...args: unknown[]) {
    const config = args[0];
    const inner = (config as { text?: unknown } | null)?.text;
    const text = typeof config === "string" ? config : typeof inner === "string" ? inner : "";
    const params = Array.isArray(args[1])
      ? (args[1] as unknown[])
      : ((config as { values?: unknown[] } | null)?.values ?? []);
    listener(this, text, params);
    return original.apply(this, args);
  };
  return () => {
    proto.query = original;
  };
}

/** A group with a text of one chapter of one paragraph. */
export async function seedChapter(
  groupName: string,
  paragraphText = "Secret paragraph of the chapter.",
): Promise<{ groupId: string; textId: string; chapterId: string; paragraphId: string }> {
  const group = await db.group.create({ data: { name: groupName } });
  const text = await db.text.create({
    data: { groupId: group.id, title: `${groupName}: the text`, sourceFormat: "txt" },
  });
  const chapter = await db.chapter.create({ data: { textId: text.id, index: 0, title: "One" } });
  const paragraph = await db.paragraph.create({
    data: { chapterId: chapter.id, textId: text.id, index: 0, text: paragraphText },
  });
  return { groupId: group.id, textId: text.id, chapterId: chapter.id, paragraphId: paragraph.id };
}

/** A new account in the group, with the session cookie the browser would hold. */
export async function seedMember(
  groupId: string,
  name: string,
  role: "OWNER" | "MODERATOR" | "MEMBER" = "MEMBER",
): Promise<{ id: string; cookie: string }> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const user = await db.user.create({
    data: { email: `${slug}-${randomUUID().slice(0, 8)}@example.test`, name },
  });
  await db.membership.create({ data: { groupId, userId: user.id, role } });
  const token = await encode({
    secret: process.env.NEXTAUTH_SECRET ?? TEST_SESSION_SECRET,
    token: { name: user.name, email: user.email, sub: user.id, sv: user.sessionVersion },
  });
  return { id: user.id, cookie: `next-auth.session-token=${token}` };
}
