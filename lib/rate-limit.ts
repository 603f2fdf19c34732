import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors/app-error";

/**
 * Limits shared by every process through PostgreSQL (table rate_limits, created by the
 * migrations), so running more processes does not multiply anyone's allowance.
 */
export const RATE_LIMITS = {
  // Keyed by address and client together: guesses from one place block that place only, never
  // the owner signing in from somewhere else.
  "auth.sign-in": { points: 10, duration: 15 * 60 },
  // Failed sign-ins per address from anywhere. Never refuses: it only feeds the progressive
  // delay (lib/auth/sign-in-throttle.ts), so nobody can lock an owner out by guessing.
  "auth.sign-in-account": { points: 1_000_000, duration: 15 * 60 },
  // Looser: a seminar room or library shares one address.
  "auth.sign-in-ip": { points: 100, duration: 15 * 60 },
  "auth.sign-up": { points: 20, duration: 60 * 60 },
  "invites.redeem": { points: 20, duration: 15 * 60 },
  "texts.import": { points: 30, duration: 60 * 60 },
  // Guessing the current password with a stolen cookie; mailing reset links to someone.
  "auth.password-change": { points: 10, duration: 15 * 60 },
  "auth.password-reset-email": { points: 5, duration: 60 * 60 },
  "auth.password-reset-ip": { points: 30, duration: 60 * 60 },
  "auth.password-reset-issue": { points: 20, duration: 60 * 60 },
} as const;

export type RateLimitKind = keyof typeof RATE_LIMITS;

const globalForLimiters = globalThis as unknown as {
  marginaliaLimiters?: Map<RateLimitKind, RateLimiterPostgres>;
};

function limiter(kind: RateLimitKind): RateLimiterPostgres {
  globalForLimiters.marginaliaLimiters ??= new Map();
  let instance = globalForLimiters.marginaliaLimiters.get(kind);
  if (!instance) {
    instance = new RateLimiterPostgres({
      storeClient: getPool(),
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: kind,
      ...RATE_LIMITS[kind],
    });
    globalForLimiters.marginaliaLimiters.set(kind, instance);
  }
  return instance;
}

function describeWait(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}

/** Spends one point; throws AppError("rate_limited") with a human wait time when none is left. */
export async function consumeRateLimit(kind: RateLimitKind, key: string): Promise<void> {
  try {
    await limiter(kind).consume(key.toLowerCase().slice(0, 200));
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      throw new AppError(
        "rate_limited",
        `Too many attempts. Try again in ${describeWait(error.msBeforeNext)}.`,
      );
    }
    throw error;
  }
}

/** Gives back one point spent by `consumeRateLimit` (the attempt turned out legitimate). */
export async function refundRateLimit(kind: RateLimitKind, key: string): Promise<void> {
  await limiter(kind).reward(key.toLowerCase().slice(0, 200), 1);
}

/** Points spent on `key` in the current window (0 when none). Spends nothing. */
export async function spentRateLimit(kind: RateLimitKind, key: string): Promise<number> {
  const result = await limiter(kind).get(key.toLowerCase().slice(0, 200));
  return result?.consumedPoints ?? 0;
}

/** Spends one point without ever refusing, for counters that slow down rather than block. */
export async function recordRateLimit(kind: RateLimitKind, key: string): Promise<void> {
  await limiter(kind).penalty(key.toLowerCase().slice(0, 200), 1);
}

export async function resetRateLimit(kind: RateLimitKind, key: string): Promise<void> {
  await limiter(kind).delete(key.toLowerCase().slice(0, 200));
}
