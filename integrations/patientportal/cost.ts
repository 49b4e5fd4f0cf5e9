// What the 1177 inbox costs the municipality (seed 003, "Prismodell för användande av tjänst"):
// a price per sent message by the message's ordinal within the year, per connected system, and a
// one-off connection fee. All amounts are öre in integers; no float ever holds money.
//
// The tiers are marginal. The seed numbers the messages ("Meddelande nr 1 – 49 999 kostar 3.1
// kr/meddelande, därefter: Meddelande nr 50 000- 499 999 kostar 2.4 kr/meddelande, därefter: …")
// and its worked example prices each part at its own tier: "75 000 skickade meddelanden … kostar
// totalt 214 999kr (49 999* 3,1+ 25001*2.4)". Exactly that is 214 999.30 kr; the seed shows whole
// kronor, and leaves out the connection fee, which "tillkommer" (comes on top).
import { z } from 'zod';

export interface PriceTier {
  /** Ordinal of the tier's first message in the year (1-based). */
  readonly first: number;
  /** Ordinal of its last message; null for the open top tier. */
  readonly last: number | null;
  readonly priceOre: number;
}

export const PRICE_TIERS: readonly PriceTier[] = [
  { first: 1, last: 49_999, priceOre: 310 },
  { first: 50_000, last: 499_999, priceOre: 240 },
  { first: 500_000, last: null, priceOre: 140 },
];

/** 25 000 kr, charged once when the system is connected (not yearly). */
export const CONNECTION_FEE_ORE = 2_500_000;

/**
 * Far beyond any municipality's year, and small enough that every product below (messages × price,
 * messages × days × 2 in the forecast) stays an exact integer in a double.
 */
const MAX_MESSAGES = 1_000_000_000_000;

const messageCount = z.number().int().nonnegative().max(MAX_MESSAGES);

export interface TierCost extends PriceTier {
  /** Messages of the year that fall in this tier. */
  readonly messages: number;
  readonly ore: number;
}

export interface CostBreakdown {
  readonly messages: number;
  /** Every tier, in order, including those no message reached (messages 0). */
  readonly tiers: readonly TierCost[];
  readonly messagesOre: number;
  /** CONNECTION_FEE_ORE when asked for, else 0. */
  readonly connectionFeeOre: number;
  readonly totalOre: number;
}

export interface CostOptions {
  /** Add the one-off connection fee: for the year the system is connected in. */
  includeConnectionFee: boolean;
}

/** What `messagesThisYear` sent messages cost, each priced by the tier its own ordinal falls in. */
export function costSoFar(messagesThisYear: number, options: CostOptions): CostBreakdown {
  const messages = messageCount.parse(messagesThisYear);
  const tiers = PRICE_TIERS.map((tier): TierCost => {
    const upTo = tier.last === null ? messages : Math.min(messages, tier.last);
    const inTier = Math.max(0, upTo - tier.first + 1);
    return { ...tier, messages: inTier, ore: inTier * tier.priceOre };
  });
  const messagesOre = tiers.reduce((sum, tier) => sum + tier.ore, 0);
  const connectionFeeOre = options.includeConnectionFee ? CONNECTION_FEE_ORE : 0;
  return { messages, tiers, messagesOre, connectionFeeOre, totalOre: messagesOre + connectionFeeOre };
}

export interface YearForecast extends CostBreakdown {
  readonly messagesSoFar: number;
  readonly dayOfYear: number;
  readonly daysInYear: number;
}

const forecastInput = z
  .object({
    messagesSoFar: messageCount,
    dayOfYear: z.number().int().min(1),
    daysInYear: z.union([z.literal(365), z.literal(366)]),
  })
  .refine((input) => input.dayOfYear <= input.daysInYear, { message: 'dayOfYear is after the year ends' });

/** a / b rounded half up, for non-negative integers, without a fractional intermediate. */
function divideRounded(a: number, b: number): number {
  const twice = 2 * a + b;
  const divisor = 2 * b;
  return (twice - (twice % divisor)) / divisor;
}

/**
 * The year's cost if messages keep coming at the rate seen so far: messagesSoFar over the
 * `dayOfYear` days elapsed (1 on 1 January, today counted as elapsed) scaled to the whole year and
 * rounded to the nearest message, then priced by costSoFar. On the last day it is what was sent.
 * Linear on purpose: the admin sees how it is worked out, and a season of more or fewer visits
 * shows as the forecast moving, not as a model's guess. Early in January it rests on few days.
 */
export function forecastYear(
  messagesSoFar: number,
  dayOfYear: number,
  daysInYear: number,
  options: CostOptions = { includeConnectionFee: false },
): YearForecast {
  const input = forecastInput.parse({ messagesSoFar, dayOfYear, daysInYear });
  const forecast = divideRounded(input.messagesSoFar * input.daysInYear, input.dayOfYear);
  return { ...costSoFar(forecast, options), ...input };
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The day of the year (1-based) and the year's length for a calendar date 'YYYY-MM-DD'. */
export function yearPosition(date: string): { dayOfYear: number; daysInYear: number } {
  const [year = 0, month = 0, day = 0] = isoDate.parse(date).split('-').map(Number);
  // UTC is used only as a calendar of whole days, so no time zone or clock enters; setUTCFullYear
  // because Date.UTC reads years 0–99 as 1900–1999.
  const utc = (y: number, m: number, d: number) => new Date(0).setUTCFullYear(y, m, d);
  const at = utc(year, month - 1, day);
  const check = new Date(at);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    throw new RangeError(`Not a calendar date: ${date}`);
  const dayMs = 86_400_000;
  return {
    dayOfYear: (at - utc(year, 0, 1)) / dayMs + 1,
    daysInYear: (utc(year + 1, 0, 1) - utc(year, 0, 1)) / dayMs,
  };
}
