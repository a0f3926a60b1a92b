/** A token count estimated from character classes (see estimate-profiles.ts for the ratios and their sources). */
import type { EstimateProfile } from './estimate-profiles.ts';
import { countScripts } from './script-classes.ts';

export function estimateTokens(text: string, profile: EstimateProfile): number {
  if (text.length === 0) return 0;
  const c = countScripts(text);
  const tokens =
    c.han / profile.han + c.latin / profile.latin + c.digit / profile.digit + c.other / profile.other;
  return Math.max(1, Math.round(tokens));
}
