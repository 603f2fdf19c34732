import { getAnnotationResource } from "@/lib/annotations/export/annotation-resource";

/**
 * GET /api/texts/{textId}/annotations/{threadId}/replies/{messageId} → the exported "replying"
 * annotation of one reply, as Web Annotation JSON-LD; a browser is sent to the reader at the
 * thread's passage (303). Members only.
 */
export const GET = getAnnotationResource;
