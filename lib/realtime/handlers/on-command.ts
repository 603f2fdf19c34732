import type { Socket } from "socket.io";
import type { CollabContext } from "@/lib/realtime/handlers/context";
import { guarded } from "@/lib/realtime/handlers/guard";
import { commandAck } from "@/lib/realtime/acks";
import { asAck, stateOf } from "@/lib/realtime/socket-state";

/**
 * `command { doc, id, type, ...fields }`: carried to lib/documents' executeCommand (access on
 * every command, idempotency, store before ack); the result becomes the ack, nothing more.
 */
export function onCommand(ctx: CollabContext, socket: Socket) {
  const state = stateOf(socket);
  return guarded(
    socket,
    [
      [ctx.commandLimiter, socket.id],
      [ctx.budgets.commandLimiter, state.user.id],
    ],
    async (payload, maybeAck) => {
      const ack = asAck(maybeAck) ?? (() => undefined);
      ack(commandAck(await ctx.runCommand(state.user.id, payload)));
    },
  );
}
