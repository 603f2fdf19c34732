import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/users/password";

export const ZEmail = z
  .string({ error: "Email is required" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address" }).max(254, "Email is too long"));

export const ZPassword = z
  .string({ error: "Password is required" })
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const ZDisplayName = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(80, "Name must be at most 80 characters");

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const ZTimeZone = z.string().trim().refine(isValidTimeZone, "Unknown time zone");

export const ZSignUpInput = z.object({
  email: ZEmail,
  password: ZPassword,
  name: ZDisplayName,
  /** The browser's own zone, sent by the sign-up form; a zone this server does not know is dropped. */
  timeZone: ZTimeZone.optional().catch(undefined),
});
export type TSignUpInput = z.infer<typeof ZSignUpInput>;

export const ZUpdateProfileInput = z.object({
  name: ZDisplayName.optional(),
  timeZone: ZTimeZone.optional(),
  hideCommentsBeyondProgress: z.boolean().optional(),
  emailReminders: z.boolean().optional(),
});
export type TUpdateProfileInput = z.infer<typeof ZUpdateProfileInput>;

export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  image: true,
  timeZone: true,
  hideCommentsBeyondProgress: true,
  emailReminders: true,
  createdAt: true,
} as const;
