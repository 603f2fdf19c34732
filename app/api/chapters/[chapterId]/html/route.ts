import { withMember } from "@/lib/http/with-member";
import { getChapterAt, getChapterVersion } from "@/lib/texts/get-chapter";

type Params = { chapterId: string };

/**
 * GET /api/chapters/{chapterId}/html → the chapter's paragraphs as an HTML fragment (the
 * reader loads it on a client-side navigation; a full page load has it in the page). The ETag
 * is the chapter's version: a browser that has this version gets 304, after the same
 * membership check as every request.
 */
export const GET = withMember<Params>(
  { permission: "texts.view", resource: (params) => ({ type: "chapter", id: params.chapterId }) },
  async (request, { params }) => {
    const version = await getChapterVersion(params.chapterId);
    const etag = `"${version}"`;
    const headers = {
      ETag: etag,
      // private: members only, never a shared cache; no-cache: ask again each time (the
      // membership check), a 304 when the version is unchanged.
      "Cache-Control": "private, no-cache",
      Vary: "Cookie",
    };
    if (request.headers.get("if-none-match") === etag)
      return new Response(null, { status: 304, headers });
    const { html } = await getChapterAt(params.chapterId, version);
    return new Response(html, {
      headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
    });
  },
);
