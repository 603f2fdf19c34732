/**
 * Issue 17, point 5 (and 15, point 2): the browser's commands are typed from the zod schemas the
 * server parses them with. The `@ts-expect-error` lines are checked by `npm run typecheck`: were
 * the client's type loose again, they would be unused and the typecheck would fail.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { ZCommentCommand } from "@/lib/annotations/comment-schemas";
import { ZSessionCommand } from "@/lib/sessions/live/document/session-schemas";
import type {
  TClientCommand,
  TCommandFields,
  TCommentCommandInput,
} from "@/lib/collab-client/client-commands";

const envelope = { id: "command-0001", doc: "chapter:chapter-1" } as const;

describe("client commands typed from the server's schemas", () => {
  it("a command the types accept is one the server's schema accepts", () => {
    const reaction: TClientCommand = {
      ...envelope,
      type: "reaction.toggle",
      threadId: "thread-0001",
      messageId: "message-0001",
      emoji: "👍",
    };
    expect(ZCommentCommand.safeParse(reaction).success).toBe(true);
    const lower: TClientCommand = { id: "command-0002", doc: "session:s1", type: "hand.lower" };
    expect(ZSessionCommand.safeParse(lower).success).toBe(true);
  });

  it("unknown types, missing fields and emoji the server refuses do not compile", () => {
    // @ts-expect-error: no such command type
    const unknownType: TClientCommand = { ...envelope, type: "comment.explode" };
    const pizza: TClientCommand = {
      ...envelope,
      type: "reaction.toggle",
      threadId: "thread-0001",
      messageId: "message-0001",
      // @ts-expect-error: an emoji the server does not take
      emoji: "🍕",
    };
    // @ts-expect-error: floor.give names the member given the floor
    const floor: TClientCommand = { id: "command-0003", doc: "session:s1", type: "floor.give" };
    for (const command of [unknownType, pizza, floor]) {
      expect(ZCommentCommand.safeParse(command).success).toBe(false);
      expect(ZSessionCommand.safeParse(command).success).toBe(false);
    }
    expectTypeOf<TCommandFields<TCommentCommandInput, "thread.resolve">>().toEqualTypeOf<{
      threadId: string;
    }>();
  });
});
