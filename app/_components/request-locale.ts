import { headers } from "next/headers";
import { localeFromAcceptLanguage } from "@/lib/format/date";

/** The reader's locale on the server: the browser's `Accept-Language`, as the client's own Intl would use. */
export async function requestLocale(): Promise<string> {
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
}
