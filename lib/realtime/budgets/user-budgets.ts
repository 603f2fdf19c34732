import pLimit from "p-limit";
import type pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";

/**
 * What one account may use on the realtime server, whatever number of sockets it opens: the
 * per-socket limits alone let 200 sockets of one user multiply every allowance by 200.
 */
export type TUserLimits = {
  /** Concurrent /collab sockets of one user on one process. */
  maxSockets: number;
  /** Commands per user over all sockets and processes (PostgreSQL, like lib/rate-limit.ts). */
  commands: { points: number; duration: number };
  /** `join`/`y` messages per user over all its sockets on this process. */
  messages: { points: number; duration: number };
  /** Document joins (each one an access lookup) per user on this process. */
  joins: { points: number; duration: number };
  /**
   * Access lookups (a join's or command's database queries) of one user running at once; the
   * rest wait their turn, so one account cannot take the whole connection pool.
   */
  lookupConcurrency: number;
  /** Documents open at once over all of a user's sockets on this process. */
  maxJoinedDocs: number;
  /** Presence (awareness) client ids one socket may hold in one document. */
  awarenessPerSocket: number;
  /** Presence client ids one user may hold in one document, over all its sockets. */
  awarenessPerUser: number;
};

export function userLimitsFromEnv(env = getEnv()): TUserLimits {
  return {
    maxSockets: env.REALTIME_MAX_SOCKETS_PER_USER,
    commands: { points: env.REALTIME_USER_COMMANDS, duration: 10 },
    messages: { points: 600, duration: 10 },
    joins: { points: 240, duration: 60 },
    lookupConcurrency: 4,
    maxJoinedDocs: 64,
    awarenessPerSocket: 4,
    awarenessPerUser: 8,
  };
}

/**
 * The per-user counters of one process: sockets and open documents are counted here (they live
 * on this process); commands are counted in PostgreSQL so more processes do not multiply them.
 */
export class UserBudgets {
  /** This process's count of the user's commands: the first gate, before any query. */
  readonly commandLimiter: RateLimiterMemory;
  readonly messageLimiter: RateLimiterMemory;
  readonly joinLimiter: RateLimiterMemory;
  private readonly sockets = new Map<string, Set<string>>();
  private readonly joined = new Map<string, number>();
  private readonly lookups = new Map<string, pLimit.Limit>();

  constructor(readonly limits: TUserLimits = userLimitsFromEnv()) {
    this.commandLimiter = new RateLimiterMemory({
      keyPrefix: "realtime.user-command",
      ...limits.commands,
    });
    this.messageLimiter = new RateLimiterMemory({ keyPrefix: "user-y", ...limits.messages });
    this.joinLimiter = new RateLimiterMemory({ keyPrefix: "user-join", ...limits.joins });
  }

  /**
   * Counts one of the user's commands over every process (PostgreSQL, table `rate_limits`), in
   * the transaction that stores the command: no transaction of its own, and a command that is
   * not stored is not counted. Throws `rate_limited` past the budget (the transaction then
   * stores nothing). The in-memory gate above has already refused floods on this process.
   */
  async countCommand(client: pg.ClientBase, userId: string): Promise<void> {
    const counter = new RateLimiterPostgres({
      storeClient: client,
      storeType: "client",
      tableName: "rate_limits",
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: "realtime.user-command",
      ...this.limits.commands,
    });
    try {
      await counter.consume(userId);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new AppError(
        "rate_limited",
        `Too many requests; try again in ${Math.ceil(error.msBeforeNext / 1000)} s.`,
      );
    }
  }

  /** Takes a socket slot for the user; false when the user already has `maxSockets`. */
  admitSocket(userId: string, socketId: string): boolean {
    let own = this.sockets.get(userId);
    if (own?.has(socketId)) return true;
    if ((own?.size ?? 0) >= this.limits.maxSockets) return false;
    if (!own) this.sockets.set(userId, (own = new Set()));
    own.add(socketId);
    return true;
  }

  /** Idempotent: called on disconnect and when a handshake's connection closes. */
  releaseSocket(userId: string, socketId: string): void {
    const own = this.sockets.get(userId);
    if (!own) return;
    own.delete(socketId);
    if (own.size === 0) this.sockets.delete(userId);
  }

  socketCount(userId: string): number {
    return this.sockets.get(userId)?.size ?? 0;
  }

  /** Runs `work` once fewer than `lookupConcurrency` of the user's lookups are running. */
  lookup<T>(userId: string, work: () => Promise<T>): Promise<T> {
    let limit = this.lookups.get(userId);
    if (!limit) this.lookups.set(userId, (limit = pLimit(this.limits.lookupConcurrency)));
    const own = limit;
    return own(work).finally(() => {
      // Only users with lookups under way keep a queue.
      if (own.activeCount === 0 && own.pendingCount === 0 && this.lookups.get(userId) === own)
        this.lookups.delete(userId);
    });
  }

  /** Reserves one open document for the user before the (asynchronous) join runs. */
  reserveJoin(userId: string): boolean {
    const count = this.joined.get(userId) ?? 0;
    if (count >= this.limits.maxJoinedDocs) return false;
    this.joined.set(userId, count + 1);
    return true;
  }

  releaseJoin(userId: string): void {
    const count = (this.joined.get(userId) ?? 0) - 1;
    if (count > 0) this.joined.set(userId, count);
    else this.joined.delete(userId);
  }
}
