import { afterAll, beforeAll, expect, it } from "vitest";
import { HttpClient } from "@/tests/helpers/http-client";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const database = withTestDatabase();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ databaseUrl: database.url() });
});
afterAll(async () => server?.stop());

// First: the test after it spends the address's allowance on failures.
it("a room of 120 people behind one address can all sign in: only failed attempts count", async () => {
  const email = "seminar@example.test";
  const password = "a long enough password";
  const signUp = await new HttpClient(server.url).request("/api/users", {
    method: "POST",
    json: { name: "Seminar", email, password },
  });
  expect(signUp.status).toBe(201);
  const results: boolean[] = [];
  for (let i = 0; i < 120; i++)
    results.push((await new HttpClient(server.url).signIn(email, password)).ok);
  expect(results.filter((ok) => !ok)).toHaveLength(0);
});

it("sign-in from one address is limited even when the client forges X-Forwarded-For", async () => {
  const client = new HttpClient(server.url);
  const { body: csrf } = await client.json<{ csrfToken: string }>("/api/auth/csrf");
  let lastError: string | null = null;
  for (let attempt = 0; attempt < 101; attempt++) {
    const response = await client.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": `10.0.${attempt}.1`,
      },
      body: new URLSearchParams({
        csrfToken: csrf.csrfToken,
        email: `someone${attempt}@example.test`,
        password: "guess",
        json: "true",
      }),
    });
    const { url } = (await response.json()) as { url: string };
    lastError = new URL(url).searchParams.get("error");
  }
  expect(lastError).toMatch(/Too many attempts/);
});
