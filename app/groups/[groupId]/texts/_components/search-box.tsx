/** A plain GET form to the group's search page (works without JavaScript). */
export function SearchBox({
  groupId,
  textId,
  defaultValue = "",
  label = "Search the library",
}: {
  groupId: string;
  textId?: string;
  defaultValue?: string;
  label?: string;
}) {
  return (
    <form action={`/groups/${groupId}/search`} method="get" role="search" className="flex gap-2">
      {textId ? <input type="hidden" name="textId" value={textId} /> : null}
      <label htmlFor={`search-${textId ?? "library"}`} className="sr-only">
        {label}
      </label>
      <input
        id={`search-${textId ?? "library"}`}
        type="search"
        name="q"
        defaultValue={defaultValue}
        placeholder={`${label}…`}
        className="min-w-0 flex-1 rounded-md border border-line bg-white px-3 py-2 text-sm text-ink shadow-sm outline-none focus:border-accent dark:bg-black/20"
      />
      <button
        type="submit"
        className="rounded-md border border-line px-4 py-2 text-sm font-medium hover:bg-accent-soft"
      >
        Search
      </button>
    </form>
  );
}
