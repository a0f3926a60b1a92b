/**
 * '.ts' when running from the sources (through tsx), '.js' when running the compiled dist/ (npm run build):
 * for the few places that find modules or workers by file name at run time.
 */
export const MODULE_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
