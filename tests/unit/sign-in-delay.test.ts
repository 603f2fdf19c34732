import { describe, expect, it } from "vitest";
import {
  FREE_ACCOUNT_FAILURES,
  MAX_SIGN_IN_DELAY_MS,
  signInDelayMs,
} from "@/lib/auth/sign-in-throttle";

describe("progressive sign-in delay per address", () => {
  it("costs nothing for the first failures, then grows by steps and stops at the cap", () => {
    expect(signInDelayMs(0)).toBe(0);
    expect(signInDelayMs(FREE_ACCOUNT_FAILURES - 1)).toBe(0);
    expect(signInDelayMs(FREE_ACCOUNT_FAILURES)).toBe(250);
    expect(signInDelayMs(FREE_ACCOUNT_FAILURES + 3)).toBe(1000);
    const delays = Array.from({ length: 200 }, (_, failures) => signInDelayMs(failures));
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(Math.max(...delays)).toBe(MAX_SIGN_IN_DELAY_MS);
    // Never a block: even a million failures only delay.
    expect(signInDelayMs(1_000_000)).toBe(MAX_SIGN_IN_DELAY_MS);
  });
});
