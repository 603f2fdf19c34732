import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";

export type ReceivedMail = { to: string[]; mail: ParsedMail };

export type SmtpInbox = {
  /** Every message accepted so far, in arrival order. */
  received: ReceivedMail[];
  /** Recipients refused with 550 while `rejectRecipient` named them. */
  rejectedAttempts: string[];
  /** An address the server refuses (550) until set back to undefined. */
  rejectRecipient: string | undefined;
  /** smtp://127.0.0.1:<port>, for EMAIL_SERVER; available once beforeAll has run. */
  url: () => string;
};

/**
 * A real SMTP server in the test process, for the app's mail (reminders, resets, invitations).
 * Call it before the hooks that start the app, so the app can be given its URL.
 */
export function withSmtpInbox(): SmtpInbox {
  let smtp: SMTPServer | undefined;
  let port = 0;
  const inbox: SmtpInbox = {
    received: [],
    rejectedAttempts: [],
    rejectRecipient: undefined,
    url: () => {
      if (!port) throw new Error("withSmtpInbox: the server is not listening yet");
      return `smtp://127.0.0.1:${port}`;
    },
  };
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address === inbox.rejectRecipient) {
          inbox.rejectedAttempts.push(address.address);
          callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            inbox.received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    smtp.listen(0, "127.0.0.1");
    await once(smtp.server, "listening");
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });
  return inbox;
}
