// What every feature's presenter needs to turn a row into an API object.

/** A timestamp as the API writes it (ISO 8601, UTC); the pg driver gives Dates, raw queries may give strings. */
export const iso = (d: Date | string): string => new Date(d).toISOString();

export const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d));
