/**
 * Session reminders by e-mail, against a real SMTP server in this process: the app's own reminder
 * job (started with EMAIL_SERVER) mails a session that is due when it starts; runDueReminders
 * called here with a chosen `now` covers the rest deterministically.
 */
import { once } from "node:events";
import net, { type AddressInfo } from "node:net";
import { DateTime } from "luxon";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { db } from "@/lib/db/prisma";
import { setEnvDefaults } from "@/lib/env";
import { runDueReminders } from "@/lib/sessions/reminders/run-due-reminders";
import { seedGroup, seedMembership, seedUser } from "@/seeds/factories";
import { castUsers, groupFixture, type Cast } from "@/tests/helpers/group-fixture";
import { HttpClient } from "@/tests/helpers/http-client";
import { withSmtpInbox, type ReceivedMail } from "@/tests/helpers/smtp-inbox";
import { withTestDatabase } from "@/tests/helpers/test-database";
import { startTestServer, type TestServer } from "@/tests/helpers/test-server";

const EMAIL_FROM = "Marginalia <reminders@marginalia.example.test>";
const APP_URL = "https://reading.example.test";
const MINUTE = 60_000;

// Registered before withTestDatabase: the app is started with this server's URL.
const inbox = withSmtpInbox();
const received = inbox.received;

const database = withTestDatabase();

async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A group whose session starts in 30 minutes, there before the app (and its job) starts. */
type EarlyGroup = {
  groupId: string;
  sessionId: string;
  startsAt: Date;
  users: Record<"owner" | "newYorker" | "decliner" | "optedOut", { id: string; email: string }>;
};
let early: EarlyGroup;
let appPort: number;
let server: TestServer;
let cast: Cast;

beforeAll(async () => {
  const smtpUrl = inbox.url();
  // This process runs the reminders too (with its own public URL): read before getEnv() is.
  process.env.EMAIL_SERVER = smtpUrl;
  process.env.EMAIL_FROM = EMAIL_FROM;
  process.env.APP_URL = APP_URL;
  setEnvDefaults({});

  const owner = await seedUser({ name: "Early Owner", timeZone: "Europe/London" });
  const newYorker = await seedUser({ name: "Early New Yorker", timeZone: "America/New_York" });
  const decliner = await seedUser({ name: "Early Decliner" });
  const optedOut = await seedUser({ name: "Early Opted Out" });
  await db.user.update({ where: { id: optedOut.id }, data: { emailReminders: false } });
  const group = await seedGroup(owner, { name: "Early readers", timeZone: "Europe/London" });
  for (const user of [newYorker, decliner, optedOut]) await seedMembership(group.id, user.id);
  const startsAt = new Date(Date.now() + 30 * MINUTE);
  const session = await db.discussionSession.create({
    data: {
      groupId: group.id,
      title: "Early session",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * MINUTE),
      timeZone: "Europe/London",
      rsvps: { create: { userId: decliner.id, status: "NOT_GOING" } },
    },
  });
  early = {
    groupId: group.id,
    sessionId: session.id,
    startsAt,
    users: { owner, newYorker, decliner, optedOut },
  };

  // A fixed port and no APP_URL (the child would inherit this process's): the app's links then
  // use http://localhost:$PORT.
  appPort = await freePort();
  server = await startTestServer({
    databaseUrl: database.url(),
    env: { EMAIL_SERVER: smtpUrl, EMAIL_FROM, PORT: String(appPort), APP_URL: "" },
  });
  cast = await castUsers(server.url);
});
afterAll(async () => {
  await server?.stop();
  for (const key of ["EMAIL_SERVER", "EMAIL_FROM", "APP_URL"]) delete process.env[key];
});

function mailsFor(sessionId: string): ReceivedMail[] {
  return received.filter((entry) => entry.mail.text?.includes(`/sessions/${sessionId}`));
}

function recipients(entries: ReceivedMail[]): string[] {
  return entries.flatMap((entry) => entry.to).sort();
}

async function remindedUserIds(sessionId: string): Promise<string[]> {
  const rows = await db.notification.findMany({
    where: { kind: "session.reminder", payload: { path: ["sessionId"], equals: sessionId } },
    select: { userId: true },
  });
  return rows.map((row) => row.userId).sort();
}

/** "Tuesday 10 March, 15:30 GMT-4": the start on the member's clock. */
function localStart(startsAt: Date, zone: string): string {
  const at = DateTime.fromJSDate(startsAt, { zone }).setLocale("en-GB");
  return `${at.toFormat("cccc d LLLL, HH:mm")} ${at.offsetNameShort}`;
}

it("the app's reminder job e-mails members who have not declined and keep e-mails on", async () => {
  const { users } = early;
  await vi.waitFor(() => expect(mailsFor(early.sessionId)).toHaveLength(2), {
    timeout: 30_000,
    interval: 200,
  });
  expect(recipients(mailsFor(early.sessionId))).toEqual(
    [users.owner.email, users.newYorker.email].sort(),
  );
  // In-app reminders for everyone who has not declined, the opted-out member included.
  expect(await remindedUserIds(early.sessionId)).toEqual(
    [users.owner.id, users.newYorker.id, users.optedOut.id].sort(),
  );

  const sessionUrl = `http://localhost:${appPort}/groups/${early.groupId}/sessions/${early.sessionId}`;
  const toNewYorker = mailsFor(early.sessionId).find((entry) =>
    entry.to.includes(users.newYorker.email),
  );
  expect(toNewYorker?.mail.subject).toBe(
    `Reminder: Early session — ${localStart(early.startsAt, "America/New_York")}`,
  );
  expect(toNewYorker?.mail.text).toContain(sessionUrl);
  expect(toNewYorker?.mail.html).toContain(`href="${sessionUrl}"`);
  expect(toNewYorker?.mail.from?.text).toContain("reminders@marginalia.example.test");
});

it("e-mails once per member with the title, local time, place, chapters and the session URL, HTML escaped", async () => {
  const fixture = await groupFixture(cast);
  const title = `Night <script>alert("x")</script> & more`;
  const chapters = await db.chapter.findMany({
    where: { textId: fixture.textId },
    orderBy: { index: "asc" },
  });
  const session = await db.discussionSession.update({
    where: { id: fixture.sessionId },
    data: {
      title,
      location: "Café <b>Lit</b>",
      videoUrl: "https://meet.example.test/room?a=1&b=2",
      chapters: { create: { chapterId: chapters[1]!.id, position: 1 } },
    },
  });
  // Through the API, as the pages do: the member declines, the target turns e-mails off, the
  // owner reads clocks in New York and the moderator in London.
  expect(
    (
      await cast.clients.member.json(`/api/sessions/${fixture.sessionId}/rsvp`, {
        method: "PUT",
        json: { status: "not_going" },
      })
    ).status,
  ).toBe(200);
  const target = new HttpClient(server.url);
  expect((await target.signIn(cast.users.target.email, cast.users.target.password)).ok).toBe(true);
  const optOut = await target.json<{ user: { emailReminders: boolean } }>("/api/users/me", {
    method: "PATCH",
    json: { emailReminders: false },
  });
  expect(optOut.status).toBe(200);
  expect(optOut.body.user.emailReminders).toBe(false);
  const me = await target.json<{ user: { emailReminders: boolean } }>("/api/users/me");
  expect(me.body.user.emailReminders).toBe(false);
  // The profile page shows the box unticked now (and ticked for everyone else).
  const checkbox = (html: string) => /<input[^>]*name="emailReminders"[^>]*>/.exec(html)?.[0];
  const targetBox = checkbox(await (await target.request("/profile")).text());
  expect(targetBox).toBeDefined();
  expect(targetBox).not.toContain("checked");
  expect(checkbox(await (await cast.clients.owner.request("/profile")).text())).toContain(
    "checked",
  );
  await cast.clients.owner.json("/api/users/me", {
    method: "PATCH",
    json: { timeZone: "America/New_York" },
  });
  await cast.clients.moderator.json("/api/users/me", {
    method: "PATCH",
    json: { timeZone: "Europe/London" },
  });

  const now = new Date(session.startsAt.getTime() - 30 * MINUTE);
  expect(await runDueReminders(now)).toEqual({ sent: 3, emailed: 2 });
  const mails = mailsFor(fixture.sessionId);
  expect(recipients(mails)).toEqual([cast.users.owner.email, cast.users.moderator.email].sort());
  expect(await remindedUserIds(fixture.sessionId)).toEqual(
    [cast.users.owner.id, cast.users.moderator.id, cast.users.target.id].sort(),
  );

  const sessionUrl = `${APP_URL}/groups/${fixture.groupId}/sessions/${fixture.sessionId}`;
  for (const [user, zone] of [
    [cast.users.owner, "America/New_York"],
    [cast.users.moderator, "Europe/London"],
  ] as const) {
    const mail = mails.find((entry) => entry.to.includes(user.email))?.mail;
    expect(mail?.subject).toContain(`Reminder: ${title} — ${localStart(session.startsAt, zone)}`);
    expect(mail?.text).toContain(title);
    expect(mail?.text).toContain(sessionUrl);
    expect(mail?.text).toContain("Where: Café <b>Lit</b>");
    expect(mail?.text).toContain("Video: https://meet.example.test/room?a=1&b=2");
    expect(mail?.text).toContain(`${chapters[0]!.title} (Text of ${fixture.groupName})`);
    expect(mail?.text).toContain(`${chapters[1]!.title} (Text of ${fixture.groupName})`);
    expect(mail?.text).toContain(`${APP_URL}/profile`);

    const html = String(mail?.html);
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<b>Lit");
    expect(html).toContain("Night &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more");
    expect(html).toContain("Café &lt;b&gt;Lit&lt;/b&gt;");
    expect(html).toContain(`href="${sessionUrl}"`);
    expect(html).toContain('href="https://meet.example.test/room?a=1&amp;b=2"');
    expect(html).toContain(localStart(session.startsAt, zone));
  }
  // Each clock is its own: New York and London read different hours.
  expect(localStart(session.startsAt, "America/New_York")).not.toBe(
    localStart(session.startsAt, "Europe/London"),
  );

  // Again (twice at once, as two processes would, then at the 1-hour lead): nothing more.
  const before = received.length;
  const again = await Promise.all([runDueReminders(now), runDueReminders(now)]);
  expect(again).toEqual([
    { sent: 0, emailed: 0 },
    { sent: 0, emailed: 0 },
  ]);
  expect(await runDueReminders(new Date(now.getTime() + 5 * MINUTE))).toEqual({
    sent: 0,
    emailed: 0,
  });
  expect(received).toHaveLength(before);
  expect(mailsFor(fixture.sessionId)).toHaveLength(2);
});

it("a refused e-mail is logged, keeps the in-app reminder and is not tried again", async () => {
  const fixture = await groupFixture(cast);
  const session = await db.discussionSession.findUniqueOrThrow({
    where: { id: fixture.sessionId },
  });
  inbox.rejectRecipient = cast.users.moderator.email;
  const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    const now = new Date(session.startsAt.getTime() - 45 * MINUTE);
    // Owner, moderator, member and target are reminded in the app; the target gets no e-mail
    // (turned off above) and the moderator's is refused.
    expect(await runDueReminders(now)).toEqual({ sent: 4, emailed: 2 });
    expect(recipients(mailsFor(fixture.sessionId))).toEqual(
      [cast.users.owner.email, cast.users.member.email].sort(),
    );
    expect(await remindedUserIds(fixture.sessionId)).toContain(cast.users.moderator.id);
    expect(inbox.rejectedAttempts).toEqual([cast.users.moderator.email]);
    expect(
      errors.mock.calls.some((call) =>
        String(call[0]).includes(`to user ${cast.users.moderator.id} failed`),
      ),
    ).toBe(true);

    expect(await runDueReminders(now)).toEqual({ sent: 0, emailed: 0 });
    expect(inbox.rejectedAttempts).toHaveLength(1);
    expect(mailsFor(fixture.sessionId)).toHaveLength(2);
  } finally {
    errors.mockRestore();
    inbox.rejectRecipient = undefined;
  }
});
