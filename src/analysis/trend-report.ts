/** The price trend as a JSON-ready report (CLI --json, /api/trends): money as exact decimal strings. */
import { decimalString } from '../pricing/money.ts';
import type { PriceTrend } from './price-trend.ts';

export function trendReport(t: PriceTrend) {
  return {
    metric: t.metric,
    threshold: t.threshold,
    currency: t.currency,
    from: t.from,
    to: t.to,
    observations: t.observations,
    include_reasoning: t.includeReasoning,
    method:
      'cheapest model meeting the threshold on each date (blended 3:1), least-squares fit of ln(price) on days; fold decline per year = exp(-slope*365.25); 95% CI from Student t on the slope; reasoning models excluded unless include_reasoning',
    fit: t.fit
      ? {
          n: t.fit.n,
          fold_decline_per_year: t.fit.foldDeclinePerYear,
          ci95: t.fit.ci95,
          slope_per_day: t.fit.slopePerDay,
          r_squared: t.fit.rSquared,
        }
      : null,
    points: t.points.map((p) => ({
      date: p.date,
      model: p.model,
      vendor: p.vendor,
      score: p.score,
      blended_per_million: decimalString(p.blendedPerMillion),
    })),
  };
}
