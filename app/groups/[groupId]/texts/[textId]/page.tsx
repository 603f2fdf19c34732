import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { getGroup } from "@/lib/groups/get-group";
import { getText } from "@/lib/texts/get-text";
import { commentCountsByChapter } from "@/lib/annotations/comment-counts";
import { SearchBox } from "../_components/search-box";
import { DeleteText } from "./delete-text";
import { OutlineEditor } from "./outline-editor";
import { TextDetailsForm } from "./text-details-form";
import { CHAPTERS, WORDS, formatCount } from "@/lib/format/count";

export const metadata: Metadata = { title: "Text" };

type Props = { params: Promise<{ groupId: string; textId: string }> };

export default async function TextPage({ params }: Props) {
  const { groupId, textId } = await params;
  const { access } = await requirePageAccess(`/groups/${groupId}/texts/${textId}`, "texts.view", {
    type: "text",
    id: textId,
  });
  if (access.groupId !== groupId) notFound();
  const [group, text, counts] = await Promise.all([
    getGroup(access),
    getText(textId),
    commentCountsByChapter(textId),
  ]);
  const canEdit = can(access.role, "texts.edit");
  const first = text.chapters[0];
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="library" />
      <div className="mx-auto max-w-3xl space-y-6">
        <div>
          <Link href={`/groups/${groupId}/texts`} className="text-sm text-muted hover:underline">
            ← Library
          </Link>
          <h1 className="mt-2 font-serif text-3xl font-semibold leading-tight">{text.title}</h1>
          <p className="mt-1 text-muted">
            {[
              text.author,
              text.year,
              formatCount(text.chapterCount, CHAPTERS),
              formatCount(text.wordCount, WORDS),
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
          {first ? (
            <Link
              href={first.url}
              className="mt-4 inline-flex rounded-md bg-accent px-4 py-2 text-sm font-medium text-paper hover:opacity-90"
            >
              Start reading
            </Link>
          ) : null}
          {canEdit ? (
            <TextDetailsForm textId={text.id} title={text.title} author={text.author} />
          ) : null}
        </div>
        <SearchBox groupId={groupId} textId={text.id} label="Search this text" />
        <p className="text-sm">
          <Link
            href={`/groups/${groupId}/texts/${textId}/comments`}
            className="text-accent hover:underline"
          >
            All comments on this text
          </Link>
        </p>
        <Card>
          <h2 className="mb-2 font-serif text-xl font-semibold">Contents</h2>
          {canEdit ? (
            <p className="mb-2 text-sm text-muted">
              Rename, split or merge chapters; paragraphs and the comments on them stay as they are.
            </p>
          ) : null}
          <OutlineEditor
            chapters={text.chapters}
            canEdit={canEdit}
            commentCounts={Object.fromEntries(counts)}
          />
        </Card>
        {canEdit ? (
          <DeleteText
            groupId={groupId}
            textId={text.id}
            title={text.title}
            chapterCount={text.chapterCount}
            commentCount={[...counts.values()].reduce((sum, c) => sum + c.messages, 0)}
          />
        ) : null}
      </div>
    </div>
  );
}
