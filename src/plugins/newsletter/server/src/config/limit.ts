/** A limit as the rate-limit plugin takes it. */
export interface Limit {
  max: number;
  windowSeconds: number;
}
