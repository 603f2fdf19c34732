import nodemailer, { type Transporter } from "nodemailer";
import { appUrl, getEnv } from "@/lib/env";

let cached: { url: string; transport: Transporter } | undefined;

function transportFor(url: string): Transporter {
  if (cached?.url !== url) cached = { url, transport: nodemailer.createTransport(url) };
  return cached.transport;
}

export type InviteEmail = {
  to: string;
  path: string;
  groupName: string;
  invitedBy: string;
  expiresAt: Date | null;
};

function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ");
}

/** The message, in plain text only: the group name and inviter's name are never read as markup. */
export function inviteEmailMessage(input: InviteEmail, baseUrl: string) {
  const link = new URL(input.path, baseUrl).toString();
  const expiry = input.expiresAt
    ? `The link works until ${input.expiresAt.toISOString().slice(0, 10)}, once.`
    : "The link works once.";
  return {
    subject: oneLine(`${input.invitedBy} invited you to ${input.groupName} on Marginalia`),
    text: [
      `${input.invitedBy} invited you to join the reading group ${input.groupName}.`,
      `Open this link, then sign in or create an account with this e-mail address (${input.to}):`,
      link,
      `${expiry} Opening it confirms that this address is yours.`,
      "If you did not expect this invitation, ignore this e-mail.",
    ].join("\n\n"),
  };
}

/**
 * E-mails an invitation's link to its address when the server has SMTP. The link is built on
 * APP_URL, never on the request's Host header, so a request cannot point it elsewhere. Never
 * throws: without SMTP or on a failed send the inviter still has the link to pass on.
 */
export async function sendInviteEmail(input: InviteEmail): Promise<boolean> {
  const env = getEnv();
  if (!env.EMAIL_SERVER || !env.EMAIL_FROM) return false;
  try {
    await transportFor(env.EMAIL_SERVER).sendMail({
      from: env.EMAIL_FROM,
      to: input.to,
      ...inviteEmailMessage(input, appUrl(env)),
    });
    return true;
  } catch (error) {
    console.error("invite e-mail not sent:", error instanceof Error ? error.message : error);
    return false;
  }
}
