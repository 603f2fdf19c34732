import type { Metadata } from "next";
import Link from "next/link";
import { GroupHeader } from "@/app/_components/group-header";
import { Card } from "@/app/_components/ui";
import { requirePageAccess } from "@/lib/http/page-guard";
import { can } from "@/lib/access/permissions";
import { getGroup } from "@/lib/groups/get-group";
import { listTexts } from "@/lib/texts/list-texts";
import { SearchBox } from "./_components/search-box";
import { ImportPanel } from "./import-panel";
import { WORDS, formatCount } from "@/lib/format/count";

export const metadata: Metadata = { title: "Library" };

type Props = { params: Promise<{ groupId: string }> };

export default async function LibraryPage({ params }: Props) {
  const { groupId } = await params;
  const { access } = await requirePageAccess(`/groups/${groupId}/texts`, "texts.view", {
    type: "group",
    id: groupId,
  });
  const [group, texts] = await Promise.all([getGroup(access), listTexts(access)]);
  const canImport = can(access.role, "texts.import");
  return (
    <div>
      <GroupHeader group={group} role={access.role} active="library" />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="space-y-4">
          <SearchBox groupId={groupId} />
          {texts.length === 0 ? (
            <Card>
              <p className="text-muted">
                The library is empty.
                {canImport ? " Add the first text with the form." : " A moderator adds texts."}
              </p>
            </Card>
          ) : (
            <ul className="space-y-3" aria-label="Texts">
              {texts.map((text) => (
                <li key={text.id}>
                  <Link
                    href={text.url}
                    className="block rounded-xl border border-line p-4 transition hover:bg-accent-soft"
                  >
                    <span className="block font-serif text-lg font-semibold leading-snug">
                      {text.title}
                    </span>
                    <span className="mt-1 block text-sm text-muted">
                      {[
                        text.author,
                        text.year,
                        `${text.chapterCount} ${text.chapterCount === 1 ? "chapter" : "chapters"}`,
                        formatCount(text.wordCount, WORDS),
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
        {canImport ? (
          <div>
            <ImportPanel groupId={groupId} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
