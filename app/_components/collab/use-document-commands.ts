"use client";

import { useCallback, useState } from "react";
import type { TClientCommand, TCommandFields } from "@/lib/collab-client/client-commands";
import type { CollabConnection } from "@/lib/collab-client/connection";

/**
 * Sends one command of `TCommand` on the document: its type and fields are checked against the
 * server's schema at compile time; fields may be left out when the command has none.
 */
export type TSendCommand<TCommand extends TClientCommand> = <TType extends TCommand["type"]>(
  type: TType,
  ...fields: Record<string, never> extends TCommandFields<TCommand, TType>
    ? [fields?: TCommandFields<TCommand, TType>]
    : [fields: TCommandFields<TCommand, TType>]
) => void;

/**
 * Commands on one server-written document (the margin's comments, the live room's session) and
 * the last refusal to show. The connection queues them while offline, and being offline is not
 * an error: the connection says so itself.
 */
export function useDocumentCommands<TCommand extends TClientCommand>(
  connection: CollabConnection | null,
  doc: string,
): {
  send: TSendCommand<TCommand>;
  error: string | null;
  setError: (message: string | null) => void;
} {
  const [error, setError] = useState<string | null>(null);
  const send = useCallback<TSendCommand<TCommand>>(
    (type, ...[fields]) => {
      if (!connection) return;
      // TypeScript cannot follow a generic type through the spread; the call sites are checked.
      const command = { id: crypto.randomUUID(), doc, type, ...fields } as TClientCommand;
      void connection.command(command).then((result) => {
        if (!result.ok && result.error !== "offline")
          setError(result.message ?? "That did not work.");
        else setError(null);
      });
    },
    [connection, doc],
  );
  return { send, error, setError };
}
