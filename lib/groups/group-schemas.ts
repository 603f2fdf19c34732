import { z } from "zod";
import { ZTimeZone } from "@/lib/users/user-schemas";

export const ZGroupRole = z.enum(["OWNER", "MODERATOR", "MEMBER"], {
  error: "Role must be OWNER, MODERATOR or MEMBER",
});

const ZGroupFields = {
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Name is required")
    .max(100, "Name must be at most 100 characters"),
  description: z.string().trim().max(2000, "Description must be at most 2000 characters"),
  coverColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Colour must look like #8a4b2a"),
  coverEmoji: z.string().trim().min(1, "Pick an emoji").max(16, "One emoji, please"),
  timeZone: ZTimeZone,
};

export const ZCreateGroupInput = z.object({
  name: ZGroupFields.name,
  description: ZGroupFields.description.optional(),
  coverColor: ZGroupFields.coverColor.optional(),
  coverEmoji: ZGroupFields.coverEmoji.optional(),
  timeZone: ZGroupFields.timeZone.optional(),
});
export type TCreateGroupInput = z.infer<typeof ZCreateGroupInput>;

export const ZUpdateGroupInput = z
  .object({
    name: ZGroupFields.name,
    description: ZGroupFields.description,
    coverColor: ZGroupFields.coverColor,
    coverEmoji: ZGroupFields.coverEmoji,
    timeZone: ZGroupFields.timeZone,
  })
  .partial();
export type TUpdateGroupInput = z.infer<typeof ZUpdateGroupInput>;

export const groupSummarySelect = {
  id: true,
  name: true,
  description: true,
  coverColor: true,
  coverEmoji: true,
  timeZone: true,
  createdAt: true,
} as const;
