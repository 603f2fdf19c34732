/** Where the reader's choices live in localStorage (read by ThemeScript before first paint). */
export const THEME_STORAGE_KEY = "marginalia-theme";
export const FONT_SIZE_STORAGE_KEY = "marginalia-reader-font-size";
