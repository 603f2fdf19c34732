import { z } from "zod";

/**
 * Where a comment sits: a paragraph (stable id) plus the two W3C Web Annotation selectors we keep,
 * TextQuoteSelector (exact/prefix/suffix) and TextPositionSelector (start/end, UTF-16 code units
 * in the paragraph's text, end exclusive). The quote survives edits; the position is a fast path.
 */
export const ZAnchor = z
  .object({
    chapterId: z.string().min(1),
    paragraphId: z.string().min(1),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    exact: z.string().min(1),
    prefix: z.string(),
    suffix: z.string(),
  })
  .refine((anchor) => anchor.end > anchor.start, {
    message: "end must be after start",
    path: ["end"],
  });

export type TAnchor = z.infer<typeof ZAnchor>;

/** The selector part of an anchor, as `describeSelection` computes it from a paragraph's text. */
export type TTextSelectors = Pick<TAnchor, "start" | "end" | "exact" | "prefix" | "suffix">;
