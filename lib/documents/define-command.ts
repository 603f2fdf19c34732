import type pg from "pg";
import type * as Y from "yjs";
import type { z } from "zod";
import type { GroupAction } from "@/lib/access/permissions";
import type { DocAccess } from "@/lib/documents/doc-access";
import type { TDocKind } from "@/lib/documents/names";

/** Who runs a command, the document as they may reach it, and the clock the change is stamped with. */
export type CommandContext = {
  actor: { userId: string };
  access: DocAccess;
  commandId: string;
  now: Date;
};

/** What applying a command to the document answered: its result, or a refusal that names why. */
export type CommandOutcome<TResult extends Record<string, unknown>> =
  | { ok: true; result: TResult }
  | { ok: false; error: "forbidden" | "not_found" | "conflict" | "bad_request"; message: string };

/**
 * A planned command: what was read and checked (rows, named ids) inside the document's
 * transaction, under its lock, and the pure change `apply` makes to the document there.
 */
export type CommandPlan<TOutcome> = { apply: (doc: Y.Doc) => TOutcome };

/**
 * A family of document commands, declared once (after documenso's use cases): which documents
 * it addresses, its input schema, the permission (lib/access's table) every sender needs, the
 * plan, the projection written in the same transaction as the document update, and the
 * after-effects that run once it is stored (a failure there never undoes it).
 */
export type CommandDefinition<
  TInput,
  TResult extends Record<string, unknown>,
  TPlan extends CommandPlan<CommandOutcome<TResult>>,
> = {
  name: string;
  kind: TDocKind;
  schema: z.ZodType<TInput>;
  permission: GroupAction;
  /**
   * Throws AppError to refuse (an unknown id, a quote that is not the text's). Runs inside the
   * document's transaction: reads through `client` cost no transaction of their own (issue 16:
   * at most two per command) and see what the lock holds still.
   */
  plan: (
    input: TInput | undefined,
    payload: Record<string, unknown>,
    ctx: CommandContext,
    client: Pick<pg.ClientBase, "query">,
  ) => Promise<TPlan>;
  project?: (
    client: pg.PoolClient,
    result: TResult,
    plan: TPlan,
    ctx: CommandContext,
  ) => Promise<void>;
  after?: (result: TResult, plan: TPlan, ctx: CommandContext) => Promise<void>;
};

/** A table of definitions whose inputs differ: each checks its own input with its schema. */
export type AnyCommandDefinition = CommandDefinition<
  unknown,
  Record<string, unknown>,
  CommandPlan<CommandOutcome<Record<string, unknown>>>
>;

export function defineCommand<
  TInput,
  TResult extends Record<string, unknown>,
  TPlan extends CommandPlan<CommandOutcome<TResult>>,
>(
  definition: CommandDefinition<TInput, TResult, TPlan>,
): CommandDefinition<TInput, TResult, TPlan> {
  return definition;
}
