import { getAnnotationResource } from "@/lib/annotations/export/annotation-resource";

/**
 * GET /api/texts/{textId}/annotations/{threadId} → the exported annotation of a thread's opening
 * message (its id in the JSON-LD export), as Web Annotation JSON-LD; a browser (Accept
 * text/html) is sent to the reader at the passage (303). Members only.
 */
export const GET = getAnnotationResource;
