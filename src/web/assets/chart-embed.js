// Embeds a Vega-Lite spec with vega-embed (loaded locally as /assets/vendor/*.min.js, global `vegaEmbed`).
const views = new Map();

export async function embedChart(selector, spec) {
  const el = document.querySelector(selector);
  if (!el || typeof vegaEmbed !== 'function') return null;
  views.get(selector)?.finalize();
  const result = await vegaEmbed(el, spec, {
    actions: false,
    renderer: 'svg',
    tooltip: { theme: 'light' },
  });
  views.set(selector, result);
  el.dataset.rendered = 'true';
  return result.view;
}
