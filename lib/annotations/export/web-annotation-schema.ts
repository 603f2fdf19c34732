import { z } from "zod";

/**
 * The W3C Web Annotation JSON-LD we export (https://www.w3.org/TR/annotation-model/), narrowed
 * to what we produce: an AnnotationCollection whose first page embeds every annotation.
 * Validates our output in tests and documents the HTTP contract; import (fromHypothesis) is
 * deliberately looser than this.
 */
export const WEB_ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld";

/** An absolute IRI: a scheme, a colon, no spaces (https://…, urn:…, acct:…). */
const ZIri = z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, "expected an absolute IRI");
const ZDateTime = z.iso.datetime({ offset: true });

export const ZTextQuoteSelector = z.object({
  type: z.literal("TextQuoteSelector"),
  exact: z.string().min(1),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
});

export const ZTextPositionSelector = z
  .object({
    type: z.literal("TextPositionSelector"),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })
  .refine((selector) => selector.end >= selector.start, {
    message: "end before start",
    path: ["end"],
  });

/** Names the paragraph (`p-<id>`, the reader's HTML fragment); refined to the passage. */
export const ZParagraphFragmentSelector = z.object({
  type: z.literal("FragmentSelector"),
  conformsTo: z.literal("http://tools.ietf.org/rfc/rfc3236"),
  value: z.string().regex(/^p-[^#\s]+$/, "value names a paragraph p-<id>"),
});

export const ZTextualBody = z.object({
  type: z.literal("TextualBody"),
  value: z.string(),
  format: z.string().optional(),
  language: z.string().optional(),
  purpose: z.enum(["commenting", "replying", "tagging"]).optional(),
});

export const ZCreator = z.object({
  id: ZIri,
  type: z.literal("Person"),
  name: z.string().min(1).optional(),
});

const ZAnnotationBase = z.object({
  "@context": z.literal(WEB_ANNOTATION_CONTEXT).optional(),
  id: ZIri,
  type: z.literal("Annotation"),
  body: z.union([ZTextualBody, z.array(ZTextualBody).min(1)]).optional(),
  creator: ZCreator,
  created: ZDateTime,
  modified: ZDateTime,
});

export const ZCommentingAnnotation = ZAnnotationBase.extend({
  motivation: z.literal("commenting"),
  target: z.object({
    type: z.literal("SpecificResource"),
    source: ZIri.refine((iri) => !iri.includes("#"), "source is the chapter, without a fragment"),
    language: z.string().optional(),
    selector: z.tuple([
      ZParagraphFragmentSelector.extend({ refinedBy: ZTextQuoteSelector }),
      ZParagraphFragmentSelector.extend({ refinedBy: ZTextPositionSelector }),
    ]),
  }),
});

export const ZReplyingAnnotation = ZAnnotationBase.extend({
  motivation: z.literal("replying"),
  body: z.union([ZTextualBody, z.array(ZTextualBody).min(1)]),
  /** The id of the thread's opening annotation. */
  target: ZIri,
});

export const ZWebAnnotation = z.discriminatedUnion("motivation", [
  ZCommentingAnnotation,
  ZReplyingAnnotation,
]);

export const ZWebAnnotationCollection = z
  .object({
    "@context": z.literal(WEB_ANNOTATION_CONTEXT),
    id: ZIri,
    type: z.literal("AnnotationCollection"),
    label: z.string().min(1),
    total: z.number().int().nonnegative(),
    first: z.object({
      id: ZIri,
      type: z.literal("AnnotationPage"),
      partOf: z.object({
        id: ZIri,
        type: z.literal("AnnotationCollection"),
        label: z.string().min(1),
        total: z.number().int().nonnegative(),
      }),
      startIndex: z.literal(0),
      items: z.array(ZWebAnnotation),
    }),
    last: ZIri,
  })
  .superRefine((collection, context) => {
    const { items } = collection.first;
    if (collection.total !== items.length) {
      context.addIssue({
        code: "custom",
        message: `total ${collection.total} but ${items.length} items`,
        path: ["total"],
      });
    }
    const ids = new Set<string>();
    const openings = new Set<string>();
    items.forEach((item, index) => {
      const path = ["first", "items", index];
      if (ids.has(item.id))
        context.addIssue({
          code: "custom",
          message: `duplicate id ${item.id}`,
          path: [...path, "id"],
        });
      ids.add(item.id);
      if (item.motivation === "commenting") openings.add(item.id);
      // Replies come after the annotation they answer, so a streaming reader can attach them.
      else if (!openings.has(item.target)) {
        context.addIssue({
          code: "custom",
          message: `reply before or without its annotation ${item.target}`,
          path: [...path, "target"],
        });
      }
    });
  });

export type TWebAnnotation = z.infer<typeof ZWebAnnotation>;
export type TWebAnnotationCollection = z.infer<typeof ZWebAnnotationCollection>;
export type TTextualBody = z.infer<typeof ZTextualBody>;
