import nodemailer, { type Transporter } from "nodemailer";

// One transport per process, made on first use (and again only if EMAIL_SERVER changes).
let cached: { url: string; transport: Transporter } | undefined;

/** The process's nodemailer transport for EMAIL_SERVER (reminders, password resets). */
export function mailTransport(url: string): Transporter {
  if (cached?.url !== url) cached = { url, transport: nodemailer.createTransport(url) };
  return cached.transport;
}
