import { z } from "zod";
import { MAX_PARAGRAPH_OFFSET, ZClientId, ZEntityId } from "@/lib/annotations/comment-schemas";

const ZSessionBase = z.object({ doc: z.string().min(1).max(100), id: ZClientId });
const ZOffset = z.number().int().min(0).max(MAX_PARAGRAPH_OFFSET);

export const ZSpotlightSet = ZSessionBase.extend({
  type: z.literal("spotlight.set"),
  chapterId: ZEntityId,
  paragraphId: ZEntityId,
  start: ZOffset.optional(),
  end: ZOffset.optional(),
}).refine((c) => c.start === undefined || c.end === undefined || c.start <= c.end, {
  message: "start must not be after end",
  path: ["end"],
});

export const ZSessionCommand = z.discriminatedUnion("type", [
  ZSpotlightSet,
  ZSessionBase.extend({ type: z.literal("spotlight.clear") }),
  ZSessionBase.extend({ type: z.literal("hand.raise") }),
  /** Without userId: lower your own hand; with another's id: the host lowers it. */
  ZSessionBase.extend({ type: z.literal("hand.lower"), userId: ZEntityId.optional() }),
  ZSessionBase.extend({ type: z.literal("floor.give"), userId: ZEntityId }),
  ZSessionBase.extend({ type: z.literal("host.hand"), userId: ZEntityId }),
]);

export type TSessionCommand = z.infer<typeof ZSessionCommand>;
