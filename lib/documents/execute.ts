import pLimit from "p-limit";
import type pg from "pg";
import { can } from "@/lib/access/permissions";
import type {
  AnyCommandDefinition,
  CommandContext,
  CommandOutcome,
} from "@/lib/documents/define-command";
import { authorizeDoc, type DocAccess } from "@/lib/documents/doc-access";
import { documentHost, type DocumentHost } from "@/lib/documents/host";
import { ZClientId } from "@/lib/documents/ids";
import { findProcessedCommand, recordProcessedCommand } from "@/lib/documents/store";
import { getPool } from "@/lib/db/pool";
import { AppError, isAppError } from "@/lib/errors/app-error";

export type CommandResult =
  { ok: true; result: Record<string, unknown>; duplicate?: true } | { ok: false; error: AppError };

export type ExecuteOptions = {
  /** The clock the change is stamped with (the demo seed writes a past conversation). */
  now?: Date;
  /** False for a replayed past (the demo seed): no notifications or other after-effects. */
  afterEffects?: boolean;
  /** Where the change is applied: the socket server's live documents, or the store. */
  host?: DocumentHost;
  /**
   * Runs in the command's transaction, under the document's lock, after its plan and before
   * anything is applied (the socket layer counts the account's commands here): throwing an
   * AppError refuses the command.
   */
  inTransaction?: (client: pg.PoolClient) => Promise<void>;
  /** Wraps the access lookup (the socket layer bounds how many run at once per user). */
  lookup?: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * The sender's access to the document, already checked through lib/access and kept fresh by
   * the membership events (a socket's joined document); without it, it is checked here.
   */
  access?: DocAccess;
  /** The command families by document kind (lib/realtime/document-commands.ts). */
  commands: Partial<Record<DocAccess["kind"], AnyCommandDefinition>>;
};

const refuse = (code: AppError["code"], message: string): CommandResult => ({
  ok: false,
  error: new AppError(code, message),
});

/** A named id's refusal names its field in the message: an ack has no `fields` of its own. */
function withField(error: AppError): AppError {
  const field = Object.keys(error.fields ?? {})[0];
  return field ? new AppError(error.code, `${field}: ${error.message}`, error.fields) : error;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "23505";
}

function outcomeOf(
  previous: { userId: string; result: Record<string, unknown> },
  userId: string,
): CommandResult {
  if (previous.userId !== userId)
    return refuse("conflict", "this command id was used by someone else");
  return { ok: true, result: previous.result, duplicate: true };
}

async function previousOutcome(commandId: string, userId: string): Promise<CommandResult | null> {
  const previous = await findProcessedCommand(getPool(), commandId);
  return previous ? outcomeOf(previous, userId) : null;
}

// After-effects (notifications) run after the ack, a few at a time: a burst of commands must
// not queue a burst of their queries in front of the next commands' transactions.
const afterEffects = pLimit(2);

/**
 * The one write path for server-written documents, whoever asks (a socket, a moderator's HTTP
 * request, an annotation import, the held-comment reveal, the demo seed): authorise through
 * lib/access (on every command, so a removed or demoted member loses rights at once; a socket
 * passes the access it joined with, which the membership events re-check) → in one transaction
 * under the document's lock: idempotency by command id, the definition's plan, apply and store
 * (document update, projection and command record), before anyone is told → after-effects.
 * A refusal is an AppError in the result; only the transport turns it into an ack or a status.
 */
export async function executeCommand(
  actor: { userId: string },
  payload: unknown,
  options: ExecuteOptions,
): Promise<CommandResult> {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload))
    return refuse("bad_request", "a command is an object");
  const command = payload as Record<string, unknown>;
  const lookup = options.lookup ?? (<T>(work: () => Promise<T>) => work());
  let access: DocAccess;
  if (options.access && options.access.doc === command.doc) access = options.access;
  else
    try {
      access = await lookup(() => authorizeDoc(actor.userId, command.doc));
    } catch (error) {
      if (isAppError(error) && ["bad_request", "not_found", "forbidden"].includes(error.code))
        return refuse(error.code, "no access to this document");
      throw error;
    }

  const id = ZClientId.safeParse(command.id);
  if (!id.success) return refuse("bad_request", "id: a client-made command id is required");
  const commandId = id.data;

  const definition = options.commands[access.kind];
  if (!definition)
    return refuse("bad_request", `${access.kind}: documents take Yjs updates, not commands`);
  if (!can(access.role, definition.permission))
    return refuse("forbidden", "your role may not do this");

  const ctx: CommandContext = { actor, access, commandId, now: options.now ?? new Date() };
  try {
    return await run(definition, command, ctx, {
      host: options.host ?? documentHost(),
      afterEffects: options.afterEffects ?? true,
      inTransaction: options.inTransaction,
    });
  } catch (error) {
    if (isAppError(error)) return { ok: false, error };
    // The same command id was recorded meanwhile outside the lock (a command that changed
    // nothing, recorded if absent): answer as a repeat.
    if (isUniqueViolation(error))
      return (
        (await previousOutcome(commandId, actor.userId)) ?? refuse("conflict", "id already used")
      );
    throw error;
  }
}

type Outcome = CommandOutcome<Record<string, unknown>>;

/** A lone command's lookup found its record: roll back what was asked with it (the budget). */
class AnsweredBefore extends Error {
  constructor() {
    super("this command was answered before");
    this.name = "AnsweredBefore";
  }
}

async function run(
  definition: AnyCommandDefinition,
  command: Record<string, unknown>,
  ctx: CommandContext,
  {
    host,
    afterEffects: withAfterEffects,
    inTransaction,
  }: Pick<ExecuteOptions, "inTransaction"> & { host: DocumentHost; afterEffects: boolean },
): Promise<CommandResult> {
  const { access, commandId, actor } = ctx;
  let plan: Awaited<ReturnType<AnyCommandDefinition["plan"]>> | undefined;
  let previous: CommandResult | undefined;
  // Under the document's lock: a resend of this very command (its ack timed out, the client
  // retried) that was stored first, on any process, is found here and answered the same way.
  const prepare = async (client: pg.PoolClient, how?: { alone: boolean }) => {
    // A malformed command is refused by the definition's apply, with the schema's own message,
    // after the checks that come first; its plan sees `undefined`.
    const input: unknown = definition.schema.safeParse(command).data;
    const planned = async () => {
      try {
        return await definition.plan(input, command, ctx, client);
      } catch (error) {
        if (isAppError(error) && (error.code === "not_found" || error.code === "bad_request"))
          throw withField(error);
        throw error;
      }
    };
    if (!how?.alone) {
      const found = await findProcessedCommand(client, commandId);
      if (found) {
        previous = outcomeOf(found, actor.userId);
        return;
      }
      plan = await planned();
      // The budget after the plan: in a group commit the plans' reads then go as one statement
      // (they follow the lookups at once), and a command its plan refuses costs no budget.
      await inTransaction?.(client);
      return;
    }
    // Alone in its transaction: the lookup, the plan's reads and the budget are asked at once,
    // with BEGIN, the lock and the catch-up read (one round trip, lib/db/pipelined-queries.ts).
    // The plan's reads only read. What must not cost budget, a repeat or a refused plan, throws
    // here, and the rollback takes the budget's count back with everything else.
    const [found, planning, counted] = await Promise.allSettled([
      findProcessedCommand(client, commandId),
      planned(),
      inTransaction?.(client),
    ]);
    if (found.status === "rejected") throw found.reason;
    if (found.value) {
      previous = outcomeOf(found.value, actor.userId);
      throw new AnsweredBefore();
    }
    if (planning.status === "rejected") throw planning.reason;
    if (counted.status === "rejected") throw counted.reason;
    plan = planning.value;
  };
  let written: { result: Outcome | null; update: Uint8Array | null };
  try {
    written = await host.write<Outcome | null>(
      access.storageName,
      (doc) => (plan ? plan.apply(doc) : null),
      async (client, outcome) => {
        if (!outcome?.ok || !plan) return;
        // The record and the projection are asked at once: in a group commit every command's
        // record goes as one statement, then the rows as another (lib/db/coalesce.ts); alone,
        // both go with the log row in one round trip. Both settle before a failure is thrown.
        const [recorded, projected] = await Promise.allSettled([
          recordProcessedCommand(client, {
            id: commandId,
            docName: access.doc,
            userId: actor.userId,
            result: { ...outcome.result },
          }),
          definition.project?.(client, outcome.result, plan, ctx),
        ]);
        if (projected.status === "rejected") throw projected.reason;
        if (recorded.status === "rejected") throw recorded.reason;
      },
      prepare,
      { key: commandId },
    );
  } catch (error) {
    // A repeat found by a lone command's lookup: its transaction was rolled back on purpose.
    if (previous && error instanceof AnsweredBefore) return previous;
    throw error;
  }
  if (previous) return previous;
  const outcome = written.result;
  if (!outcome || !plan) throw new Error("a command ran without its plan");
  if (!outcome.ok) return refuse(outcome.error, outcome.message);
  if (!written.update) {
    // Nothing changed (resolving a resolved thread): still answer the same way next time.
    await recordProcessedCommand(
      getPool(),
      { id: commandId, docName: access.doc, userId: actor.userId, result: { ...outcome.result } },
      { ifAbsent: true },
    );
  }
  if (definition.after && withAfterEffects) {
    const after = definition.after;
    const planned = plan;
    void afterEffects(() => after(outcome.result, planned, ctx)).catch((error: unknown) =>
      console.error(`[documents] after ${definition.name}:`, error),
    );
  }
  return { ok: true, result: outcome.result };
}
