/**
 * Password reset by e-mail when the server has SMTP settings, against a real SMTP server in this
 * process: the same answer for known and unknown addresses, one single-use link mailed to the
 * account's address, every earlier session (HTTP and socket) ended by using it; owner-issued
 * links are refused on such a server.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedMembership, seedUser } from "@/seeds/factories";
import { CollabClient, waitFor } from "@/tests/helpers/collab-client";
import {
  castUsers,
  groupFixture,
  type Cast,
  type GroupFixture,
} from "@/tests/helpers/group-fixture";
import { HttpClient } from "@/tests/helpers/http-client";
import { withSmtpInbox } from "@/tests/helpers/smtp-inbox";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const EMAIL_FROM = "Marginalia <accounts@marginalia.example.test>";
// Registered before the app starts: the app is given this server's URL.
const inbox = withSmtpInbox();
const received = inbox.received;

const database = withTestDatabase();
let server: TestServer;
let cast: Cast;
let fixture: GroupFixture;

beforeAll(async () => {
  server = await startTestServer({
    databaseUrl: database.url(),
    env: { EMAIL_SERVER: inbox.url(), EMAIL_FROM },
  });
  cast = await castUsers(server.url);
  fixture = await groupFixture(cast);
});
afterAll(async () => {
  await server?.stop();
});

const requestReset = (email: string) =>
  new HttpClient(server.url).json<{ message: string }>("/api/password-resets", {
    method: "POST",
    json: { email },
  });

it("answers alike for known and unknown addresses and mails one link to the account only", async () => {
  const user = await seedUser();
  const signedIn = new HttpClient(server.url);
  expect((await signedIn.signIn(user.email, user.password)).ok).toBe(true);
  const copied = signedIn.cookieHeader();
  const socket = new CollabClient(server.url, copied);
  await socket.connected();
  const disconnected = new Promise<string>((resolve) =>
    socket.socket.once("disconnect", (reason) => resolve(reason)),
  );

  const known = await requestReset(user.email.toUpperCase());
  const unknown = await requestReset("nobody-here@example.test");
  expect(known.status).toBe(202);
  expect(unknown).toEqual(known);

  await waitFor(() => received.some((entry) => entry.to.includes(user.email)), 10_000, "mail");
  // Give a mail to the unknown address time to arrive, were one sent.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(received.filter((entry) => entry.to.includes("nobody-here@example.test"))).toEqual([]);
  const mail = received.find((entry) => entry.to.includes(user.email))?.mail;
  expect(mail?.subject).toBe("Reset your Marginalia password");
  const token = /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? "")?.[1] ?? "";
  expect(token).not.toBe("");
  expect(mail?.html).toContain(`/reset-password/${token}`);

  const anyone = new HttpClient(server.url);
  const done = await anyone.json("/api/password-resets/complete", {
    method: "POST",
    json: { token, password: "mailed new password" },
  });
  expect(done.status).toBe(200);
  expect(await disconnected).toBe("io server disconnect");
  const me = await new HttpClient(server.url).request("/api/users/me", {
    headers: { cookie: copied },
  });
  expect(me.status).toBe(401);
  expect((await new HttpClient(server.url).signIn(user.email, "mailed new password")).ok).toBe(
    true,
  );

  const again = await anyone.json("/api/password-resets/complete", {
    method: "POST",
    json: { token, password: "second use of the link" },
  });
  expect(again.status).toBe(400);
});

it("refuses an invalid address with a field message, and owner-issued links on a server with e-mail", async () => {
  const invalid = await new HttpClient(server.url).json<{
    error: { fields: Record<string, string> };
  }>("/api/password-resets", { method: "POST", json: { email: "not an address" } });
  expect(invalid.status).toBe(400);
  expect(invalid.body.error.fields.email).toBeDefined();

  const member = await seedUser();
  await seedMembership(fixture.groupId, member.id, "MEMBER");
  const { status } = await cast.clients.owner.json(
    `/api/groups/${fixture.groupId}/members/${member.id}/password-reset`,
    { method: "POST" },
  );
  expect(status).toBe(409);

  const page = await new HttpClient(server.url).request("/forgot-password");
  expect(await page.text()).toContain("E-mail me a reset link");
});
