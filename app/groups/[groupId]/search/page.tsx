import type { Metadata } from "next";
import Link from "next/link";
import { GroupHeader } from "@/app/_components/group-header";
import { SpoilerShield } from "@/app/_components/spoiler-shield";
import { Alert, Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { isAppError } from "@/lib/errors/app-error";
import { getGroup } from "@/lib/groups/get-group";
import { parseInput } from "@/lib/validation/parse-input";
import { searchComments, type TCommentSearchHit } from "@/lib/annotations/search-comments";
import { listTexts } from "@/lib/texts/list-texts";
import { searchLibrary, type TSearchHit } from "@/lib/texts/search-library";
import { ZSearchQuery } from "@/lib/texts/text-schemas";
import { SearchBox } from "../texts/_components/search-box";
import { COMMENTS, MATCHES, formatCount } from "@/lib/format/count";

export const metadata: Metadata = { title: "Search" };

type Props = {
  params: Promise<{ groupId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function Hit({ hit }: { hit: TSearchHit }) {
  return (
    <li className="py-3">
      <Link href={hit.url} className="group block">
        <span className="text-sm text-muted">
          {hit.textTitle} › {hit.chapterTitle}
        </span>
        <span className="mt-1 block font-serif leading-relaxed group-hover:underline">
          {hit.fragments.map((fragment, index) =>
            fragment.match ? (
              <mark
                key={index}
                className="rounded-sm bg-amber-200/70 px-0.5 text-ink dark:bg-amber-500/40"
              >
                {fragment.text}
              </mark>
            ) : (
              <span key={index}>{fragment.text}</span>
            ),
          )}
        </span>
      </Link>
    </li>
  );
}

export default async function SearchPage({ params, searchParams }: Props) {
  const { groupId } = await params;
  const query = await searchParams;
  const q = first(query.q)?.trim() ?? "";
  const textId = first(query.textId) || undefined;
  const { access } = await requirePageAccess(`/groups/${groupId}/search`, "texts.view", {
    type: "group",
    id: groupId,
  });
  const [group, texts] = await Promise.all([getGroup(access), listTexts(access)]);
  const scope = texts.find((text) => text.id === textId);
  let hits: TSearchHit[] = [];
  let comments: TCommentSearchHit[] = [];
  let error: string | null = null;
  if (q) {
    try {
      [hits, comments] = await Promise.all([
        searchLibrary(access, parseInput(ZSearchQuery, { q, textId: scope?.id, limit: 50 })).then(
          (result) => result.hits,
        ),
        searchComments(access, { q, textId: scope?.id, limit: 20 }),
      ]);
    } catch (caught) {
      if (!isAppError(caught)) throw caught;
      error = caught.message;
    }
  }
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="search" />
      <div className="mx-auto max-w-3xl space-y-4">
        <h2 className="font-serif text-2xl font-semibold">
          Search {scope ? <span className="text-muted">in {scope.title}</span> : "the library"}
        </h2>
        <SearchBox
          groupId={groupId}
          textId={scope?.id}
          defaultValue={q}
          label={scope ? "Search this text" : "Search the library"}
        />
        <p className="text-sm text-muted">
          Words are matched in any form (“revolutions” finds “revolution”); put a phrase in quotes,
          exclude a word with -word, combine alternatives with or.
          {scope ? (
            <>
              {" "}
              <Link
                className="text-accent hover:underline"
                href={`/groups/${groupId}/search?q=${encodeURIComponent(q)}`}
              >
                Search the whole library instead
              </Link>
            </>
          ) : null}
        </p>
        {error ? <Alert>{error}</Alert> : null}
        {q && !error ? (
          <Card>
            {hits.length === 0 ? (
              <p className="text-muted">Nothing matches “{q}”.</p>
            ) : (
              <>
                <p className="text-sm text-muted">
                  {hits.length === 50 ? "The 50 best matches" : formatCount(hits.length, MATCHES)}{" "}
                  for “{q}”
                </p>
                <ol className="divide-y divide-line">
                  {hits.map((hit) => (
                    <Hit key={hit.paragraphId} hit={hit} />
                  ))}
                </ol>
              </>
            )}
          </Card>
        ) : null}
        {q && !error && comments.length > 0 ? (
          <Card>
            <h3 className="mb-1 font-serif text-lg font-semibold">In the margins</h3>
            <p className="text-sm text-muted">
              {formatCount(comments.length, COMMENTS)} {comments.length === 1 ? "matches" : "match"}{" "}
              “{q}”
            </p>
            <ol className="divide-y divide-line">
              {comments.map((comment) => (
                <li key={comment.messageId} className="py-3">
                  <SpoilerShield
                    shielded={comment.shielded}
                    label={`${comment.authorName} on ${comment.chapterTitle}, further on than you have read.`}
                  >
                    <Link href={comment.url} className="group block">
                      <span className="text-sm text-muted">
                        {comment.authorName} on {comment.textTitle} › {comment.chapterTitle}
                      </span>
                      <span
                        className="mt-1 block leading-relaxed group-hover:underline [&_mark]:rounded-sm [&_mark]:bg-amber-200/70 [&_mark]:px-0.5"
                        // searchComments escapes everything and adds only <mark> around matches.
                        dangerouslySetInnerHTML={{ __html: comment.snippetHtml }}
                      />
                    </Link>
                  </SpoilerShield>
                </li>
              ))}
            </ol>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
