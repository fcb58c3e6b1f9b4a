import { z } from "zod";

/** The alerts a bulk action works on: at least one, at most a page's worth and then some. */
export const alertIdsSchema = z
  .array(z.number().int().positive())
  .min(1, "select at least one alert")
  .max(500, "at most 500 alerts at once")
  .transform((ids) => [...new Set(ids)]);
