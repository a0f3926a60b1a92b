/** What the calibration by inversion reports (calibration.ts): `calibration` in `simulate --json`. */

export interface CalibratedProduct {
  model: string;
  vendor: string;
  list_price: number;
  nash_price: number;
  implied_cost: number;
  serving_cost: number;
  loss_leader: boolean;
  subsidy_per_1m: number;
}

export interface Calibration {
  date: string;
  products: CalibratedProduct[];
  /** max |ln nash − ln list| over products with a positive list price. */
  max_abs_log_error: number;
  loss_leaders: string[];
  foc_residual: number;
  converged: boolean;
}
