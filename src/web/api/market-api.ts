/**
 * JSON APIs of the market views (state in the query string, as on the pages):
 *   GET /api/quadrant?date=&currency=&vendors=&models=&quality_threshold=&price_threshold=
 *   GET /api/trends?metric=&threshold=&currency=&from=&to=&observations=changes
 *   GET /api/timeline?from=&to=&vendors=
 *   GET /api/dates   (the date slider's stops)
 * Each answer carries the Vega-Lite spec the dashboard embeds (`spec`).
 */
import type { ServerResponse } from 'node:http';
import { compileToVega } from '../../charts/compile-to-vega.ts';
import { QuadrantError } from '../../errors.ts';
import { NO_STORE, send } from '../../http/send.ts';
import { marketState, sliderDates, timelineRange, today, trendState } from '../market-state.ts';
import { quadrantView, timelineView, trendView } from '../market-views.ts';
import type { WebContext } from '../page.ts';
import { quadrantFragments } from '../quadrant-fragments.ts';

export async function serveMarketApi(ctx: WebContext, res: ServerResponse, url: URL): Promise<boolean> {
  switch (url.pathname) {
    case '/api/quadrant': {
      const state = marketState(ctx, url);
      // the dashboard asks for its HTML fragments and the compiled Vega spec
      const dashboard = url.searchParams.get('fragments') === '1';
      let v: ReturnType<typeof quadrantView>;
      try {
        v = quadrantView(ctx.catalog, state);
      } catch (err) {
        // the dashboard shows "nothing to plot" as a state of the page, not as a failed request
        if (!(dashboard && err instanceof QuadrantError && err.detail?.empty)) throw err;
        send(
          res,
          200,
          {
            date: state.date,
            currency: state.currency,
            axis: state.axis,
            empty: true,
            html: { summary: err.message, table: '', excluded: '' },
            vega: null,
          },
          NO_STORE,
        );
        return true;
      }
      const extra = dashboard ? { html: quadrantFragments(v.report), vega: await compileToVega(v.spec) } : {};
      send(res, 200, { ...v.report, spec: v.spec, ...extra }, NO_STORE);
      return true;
    }
    case '/api/trends': {
      const v = trendView(ctx.catalog, trendState(ctx, url));
      send(res, 200, { ...v.report, spec: v.spec }, NO_STORE);
      return true;
    }
    case '/api/timeline': {
      const r = timelineRange(url);
      const v = timelineView(ctx.catalog, r);
      send(res, 200, { from: r.from ?? null, to: r.to ?? null, changes: v.changes, spec: v.spec }, NO_STORE);
      return true;
    }
    case '/api/dates':
      send(
        res,
        200,
        {
          today: today(ctx),
          dates: sliderDates(ctx),
          currencies: [...ctx.catalog.fx.currencies].sort(),
        },
        NO_STORE,
      );
      return true;
    default:
      return false;
  }
}
