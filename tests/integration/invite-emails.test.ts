/**
 * E-mail invitations with SMTP configured, against a real SMTP server in this process and the
 * real database: the link goes to the address (built on APP_URL), and following it is what
 * verifies the address and joins; a plain sign-up with the address does not.
 */
import { beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { setEnvDefaults } from "@/lib/env";
import { isAppError } from "@/lib/errors/app-error";
import { createInvite } from "@/lib/invites/create-invite";
import { acceptEmailInvite, listPendingInvites } from "@/lib/invites/email-invites";
import { redeemInvite } from "@/lib/invites/redeem-invite";
import { seedGroup, seedUser } from "@/seeds/factories";
import { withSmtpInbox } from "@/tests/helpers/smtp-inbox";
import { withTestDatabase } from "@/tests/helpers/test-database";

const APP_URL = "https://reading.example.test";
const inbox = withSmtpInbox();
const received = inbox.received;

withTestDatabase();

beforeAll(() => {
  process.env.EMAIL_SERVER = inbox.url();
  process.env.EMAIL_FROM = "Marginalia <invites@marginalia.example.test>";
  process.env.APP_URL = APP_URL;
  setEnvDefaults({});
});

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

it("the link is e-mailed to the address; only following it verifies the address and joins", async () => {
  const owner = await seedUser({ name: "Owner" });
  const group = await seedGroup(owner, { name: "Night readers" });
  const access = { groupId: group.id, userId: owner.id, role: "OWNER" as const };
  // Someone signed up with the address before the invitation; that alone proves nothing.
  const addressee = await seedUser({ name: "Addressee" });

  const created = await createInvite(access, { email: addressee.email });
  expect(created.emailed).toBe(true);
  expect(created.invite).toMatchObject({ email: addressee.email, maxUses: 1 });
  const mail = received.find((message) => message.to.includes(addressee.email));
  expect(mail?.mail.subject).toBe("Owner invited you to Night readers on Marginalia");
  const link = `${APP_URL}${created.path}`;
  expect(mail?.mail.text).toContain(link);
  expect(mail?.mail.html).toBe(false);

  expect(await listPendingInvites(addressee)).toEqual([]);
  expect(await refusal(acceptEmailInvite(addressee, created.invite.id))).toMatchObject({
    code: "forbidden",
  });

  const token = created.path.split("/").pop() ?? "";
  const joined = await redeemInvite(addressee.id, { token });
  expect(joined).toMatchObject({ groupId: group.id, role: "MEMBER", alreadyMember: false });
  const verified = await db.user.findUniqueOrThrow({ where: { id: addressee.id } });
  expect(verified.emailVerified).toBeInstanceOf(Date);
});
