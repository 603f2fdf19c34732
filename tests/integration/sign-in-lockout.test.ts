/**
 * Guessing an owner's password must not lock the owner out. The server trusts X-Forwarded-For
 * here (TRUST_PROXY, as behind a reverse proxy), so each request can come from its own client.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { MAX_SIGN_IN_DELAY_MS } from "@/lib/auth/sign-in-throttle";
import { HttpClient } from "@/tests/helpers/http-client";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const database = withTestDatabase();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url(), env: { TRUST_PROXY: "true" } });
});
afterAll(async () => server?.stop());

/** Signs in as a browser at `ip` would; the error next-auth reports, or null on success. */
async function signInFrom(ip: string, email: string, password: string) {
  const client = new HttpClient(server.url);
  const { body: csrf } = await client.json<{ csrfToken: string }>("/api/auth/csrf", {
    headers: { "x-forwarded-for": ip },
  });
  const started = performance.now();
  const response = await client.request("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, json: "true" }),
  });
  const { url } = (await response.json()) as { url: string };
  const error = new URL(url).searchParams.get("error");
  return { ok: response.ok && !error, error, ms: performance.now() - started };
}

async function signUp(ip: string, email: string, password: string) {
  const started = performance.now();
  const response = await new HttpClient(server.url).json<{ user: Record<string, unknown> }>(
    "/api/users",
    {
      method: "POST",
      headers: { "x-forwarded-for": ip },
      json: { name: "Owner", email, password },
    },
  );
  return { ...response, ms: performance.now() - started };
}

it("an attacker's guesses block the attacker's client, never the owner signing in from elsewhere", async () => {
  const email = "owner@example.test";
  const password = "the owner's password";
  expect((await signUp("198.51.100.1", email, password)).status).toBe(201);

  // One client hammers the address: after 10 failures it is refused, even with the right password.
  const attacker = "203.0.113.66";
  const guesses = [];
  for (let attempt = 0; attempt < 11; attempt++)
    guesses.push(await signInFrom(attacker, email, `guess ${attempt}`));
  expect(guesses.slice(0, 10).map((guess) => guess.error)).toEqual(
    Array(10).fill("Email or password is incorrect."),
  );
  expect(guesses[10]?.error).toMatch(/Too many attempts/);
  expect((await signInFrom(attacker, email, password)).ok).toBe(false);

  // The owner, from their own client, still gets in with the right password.
  const owner = await signInFrom("198.51.100.1", email, password);
  expect(owner).toMatchObject({ ok: true, error: null });

  // Guesses from many clients are each allowed, but every attempt on the address now waits
  // longer (progressive delay), and the owner still gets in, only later.
  const spread = [];
  for (let attempt = 0; attempt < 4; attempt++)
    spread.push(await signInFrom(`192.0.2.${attempt + 1}`, email, `spread guess ${attempt}`));
  expect(spread.map((guess) => guess.error)).toEqual(
    Array(4).fill("Email or password is incorrect."),
  );
  // 10 failures from the attacker's client, then 4 more: waits of 250, 500, 750 and 1000 ms.
  expect(spread[3]?.ms ?? 0).toBeGreaterThan(spread[0]?.ms ?? 0);
  expect(spread[3]?.ms ?? 0).toBeGreaterThanOrEqual(1000);
  const later = await signInFrom("198.51.100.2", email, password);
  expect(later.ok).toBe(true);
  expect(later.ms).toBeGreaterThanOrEqual(1250);
  expect(later.ms).toBeLessThan(MAX_SIGN_IN_DELAY_MS + 5_000);
  console.log(
    `sign-in under attack: guesses took ${spread.map((guess) => Math.round(guess.ms)).join(", ")} ms; ` +
      `owner before the spread ${Math.round(owner.ms)} ms, after it ${Math.round(later.ms)} ms`,
  );
});

it("sign-up for an address that has an account answers like a new one, in about the same time", async () => {
  const password = "a password of some length";
  expect((await signUp("198.51.100.10", "existing@example.test", password)).status).toBe(201);
  const taken: number[] = [];
  const fresh: number[] = [];
  // Interleaved, so load on the machine falls on both alike.
  for (let round = 0; round < 5; round++) {
    const a = await signUp(`198.51.100.${20 + round}`, "existing@example.test", password);
    const b = await signUp(`198.51.100.${40 + round}`, `new-${round}@example.test`, password);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(Object.keys(a.body.user).sort()).toEqual(Object.keys(b.body.user).sort());
    taken.push(a.ms);
    fresh.push(b.ms);
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[2] ?? 0;
  console.log(
    `sign-up median: existing address ${Math.round(median(taken))} ms, new address ${Math.round(median(fresh))} ms`,
  );
  // Both are dominated by the password hash; a missing hash would make one several times faster.
  expect(median(taken) / median(fresh)).toBeGreaterThan(0.5);
  expect(median(taken) / median(fresh)).toBeLessThan(2);
});
