import type { CollabContext } from "@/lib/realtime/handlers/context";
import { guarded, type SocketListener } from "@/lib/realtime/handlers/guard";
import { commandAck } from "@/lib/realtime/acks";
import { asAck, stateOf } from "@/lib/realtime/socket-state";

/**
 * `command { doc, id, type, ...fields }`: within the account's and the document's budgets
 * (`busy` at once when the document's commands already wait deep), carried to lib/documents'
 * executeCommand (access, idempotency, store before ack); the result becomes the ack.
 */
export function onCommand(ctx: CollabContext): SocketListener {
  return guarded(
    {
      socketMessage: false,
      limiters: (socket) => [[ctx.budgets.commandLimiter, stateOf(socket).user.id]],
    },
    async (socket, payload, maybeAck) => {
      const state = stateOf(socket);
      const ack = asAck(maybeAck) ?? (() => undefined);
      // A document this socket joined was authorised then, and is re-checked whenever the
      // user's membership changes (on-stored-elsewhere): no access queries per command.
      const doc = (payload as { doc?: unknown } | null)?.doc;
      const joined = typeof doc === "string" ? state.joined.get(doc) : undefined;
      const answer = await ctx.commandLoad.run(doc, async () =>
        commandAck(await ctx.runCommand(state.user.id, payload, joined?.access)),
      );
      // `busy` is the server's state, not the sender's doing (docs/realtime-protocol.md): the
      // account gets back the command its retry will spend again.
      if (!answer.ok && answer.error === "busy")
        await ctx.budgets.commandLimiter.reward(state.user.id, 1);
      ack(answer);
    },
  );
}
