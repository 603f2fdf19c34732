import { setTimeout as sleep } from "node:timers/promises";
import {
  consumeRateLimit,
  recordRateLimit,
  refundRateLimit,
  resetRateLimit,
  spentRateLimit,
} from "@/lib/rate-limit";

/** Failed sign-ins on one address (from anywhere, in the window) before each attempt slows down. */
export const FREE_ACCOUNT_FAILURES = 10;
const DELAY_STEP_MS = 250;
export const MAX_SIGN_IN_DELAY_MS = 3_000;

/**
 * How long an attempt on an address waits, given the failures on it from everywhere.
 *
 * An address under attack from many places is slowed, never closed: the owner still gets in
 * with the right password, only a few seconds later. Blocking is left to the limits keyed by
 * client (address + client, and client alone), which an attacker can only aim at themselves.
 */
export function signInDelayMs(accountFailures: number): number {
  const over = accountFailures - FREE_ACCOUNT_FAILURES + 1;
  if (over <= 0) return 0;
  return Math.min(over * DELAY_STEP_MS, MAX_SIGN_IN_DELAY_MS);
}

function pairKey(email: string, ip: string): string {
  // Client first: the key is cut at 200 characters, and a long address must not hide the client.
  return `${ip}|${email}`;
}

/**
 * Before a password is checked: spends the client's allowances (throws AppError("rate_limited")
 * when one is used up) and waits the address's progressive delay. The delay comes before the
 * check for right and wrong passwords alike, so its length says nothing about the password.
 */
export async function beforeSignInAttempt(email: string, ip: string): Promise<void> {
  await consumeRateLimit("auth.sign-in", pairKey(email, ip));
  await consumeRateLimit("auth.sign-in-ip", ip);
  const delay = signInDelayMs(await spentRateLimit("auth.sign-in-account", email));
  if (delay > 0) await sleep(delay);
}

/** A wrong password (or an unknown address): one more failure against the address. */
export async function afterFailedSignIn(email: string): Promise<void> {
  await recordRateLimit("auth.sign-in-account", email);
}

/**
 * The limits are on guessing: a success clears this client's count for the address and gives the
 * client its point back, so a seminar room behind one address can all sign in at once. The
 * address's failure count stays: an attacker elsewhere must not get a fresh start from it.
 */
export async function afterSuccessfulSignIn(email: string, ip: string): Promise<void> {
  await resetRateLimit("auth.sign-in", pairKey(email, ip));
  await refundRateLimit("auth.sign-in-ip", ip);
}
