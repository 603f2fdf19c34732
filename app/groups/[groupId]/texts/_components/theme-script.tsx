import { headers } from "next/headers";
import { FONT_SIZE_STORAGE_KEY, THEME_STORAGE_KEY } from "./theme-keys";

// Runs while the HTML is parsed, before the reader paints: the stored theme and font size are
// in place on <html> from the first frame (no flash of the light theme).
const SCRIPT = `(function(){try{var d=document.documentElement;var t=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});if(t==="dark"||t==="light")d.dataset.theme=t;var f=parseInt(localStorage.getItem(${JSON.stringify(
  FONT_SIZE_STORAGE_KEY,
)})||"",10);if(f>=14&&f<=28)d.style.setProperty("--reader-font-size",f+"px")}catch(e){}})();`;

/**
 * Put this first in a page (or in the root layout's head, for every page). It carries this
 * request's CSP nonce (set by proxy.ts), without which the browser would not run it.
 */
export async function ThemeScript() {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}
