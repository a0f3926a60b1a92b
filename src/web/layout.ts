/** The page frame: head, skip link, navigation (from the page registry), main content, footer. */
import { escapeHtml } from './html.ts';
import type { WebPage } from './page.ts';

export function renderLayout(pages: WebPage[], current: WebPage, main: string): string {
  const nav = pages
    .map(
      (p) =>
        `<li><a href="${escapeHtml(p.path)}"${p.path === current.path ? ' aria-current="page"' : ''}>${escapeHtml(p.title)}</a></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(current.title)} · Quadrant</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<span class="brand">Quadrant</span>
<nav aria-label="Main"><ul>${nav}</ul></nav>
</header>
<main id="main" tabindex="-1">
${main}
</main>
<footer class="foot"><p>Prices: exact decimals from the dated catalog; blended = (3 × input + output) / 4 per 1M tokens (Artificial Analysis convention). Every figure links to its source.</p></footer>
<script type="module" src="/assets/sortable-table.js"></script>
</body>
</html>`;
}

/**
 * Vega and vega-embed only: for pages that embed Vega specs compiled on the server from the Vega-Lite specs
 * (charts/compile-to-vega.ts) — the browser then skips vega-lite's 250 KB compiler.
 */
export const VEGA_SCRIPTS =
  '<script src="/assets/vendor/vega.min.js" defer></script>' +
  '<script src="/assets/vendor/vega-embed.min.js" defer></script>';
