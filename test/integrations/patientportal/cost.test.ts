import { describe, expect, it } from 'vitest';
import {
  CONNECTION_FEE_ORE,
  costSoFar,
  forecastYear,
  PRICE_TIERS,
  yearPosition,
} from '../../../integrations/patientportal/index.ts';

const noFee = { includeConnectionFee: false };
const perTier = (messages: number) => costSoFar(messages, noFee).tiers.map((t) => t.messages);

describe('the 1177 price per message (seed 003)', () => {
  it('reproduces the seed’s worked example: 75 000 messages = 49 999 × 3.10 + 25 001 × 2.40', () => {
    const cost = costSoFar(75_000, noFee);
    expect(cost.tiers.map((t) => [t.messages, t.ore])).toEqual([
      [49_999, 15_499_690],
      [25_001, 6_000_240],
      [0, 0],
    ]);
    expect(cost.totalOre).toBe(21_499_930);
    // The seed prints the total in whole kronor: "totalt 214 999kr".
    expect(Math.floor(cost.totalOre / 100)).toBe(214_999);
    expect(cost.connectionFeeOre).toBe(0);
  });

  it('adds the 25 000 kr connection fee only when asked', () => {
    expect(CONNECTION_FEE_ORE).toBe(2_500_000);
    const cost = costSoFar(75_000, { includeConnectionFee: true });
    expect(cost.connectionFeeOre).toBe(2_500_000);
    expect(cost.messagesOre).toBe(21_499_930);
    expect(cost.totalOre).toBe(23_999_930);
  });

  it('is nothing for no messages (and just the fee with it)', () => {
    const cost = costSoFar(0, noFee);
    expect(cost.totalOre).toBe(0);
    expect(cost.tiers.map((t) => t.messages)).toEqual([0, 0, 0]);
    expect(costSoFar(0, { includeConnectionFee: true }).totalOre).toBe(CONNECTION_FEE_ORE);
  });

  it('prices each message by the tier its own ordinal falls in, at every boundary', () => {
    expect(perTier(1)).toEqual([1, 0, 0]);
    expect(costSoFar(1, noFee).totalOre).toBe(310);
    expect(perTier(49_999)).toEqual([49_999, 0, 0]);
    expect(costSoFar(49_999, noFee).totalOre).toBe(49_999 * 310);
    expect(perTier(50_000)).toEqual([49_999, 1, 0]);
    expect(costSoFar(50_000, noFee).totalOre).toBe(49_999 * 310 + 240);
    expect(perTier(499_999)).toEqual([49_999, 450_000, 0]);
    expect(costSoFar(499_999, noFee).totalOre).toBe(49_999 * 310 + 450_000 * 240);
    expect(perTier(500_000)).toEqual([49_999, 450_000, 1]);
    expect(costSoFar(500_000, noFee).totalOre).toBe(49_999 * 310 + 450_000 * 240 + 140);
    expect(costSoFar(1_000_000, noFee).totalOre).toBe(49_999 * 310 + 450_000 * 240 + 500_001 * 140);
  });

  it('charges each next message the price of its tier', () => {
    for (const n of [1, 49_998, 49_999, 50_000, 499_998, 499_999, 500_000, 2_000_000]) {
      const step = costSoFar(n, noFee).totalOre - costSoFar(n - 1, noFee).totalOre;
      const tier = PRICE_TIERS.find((t) => n >= t.first && (t.last === null || n <= t.last));
      expect(step, `message ${n}`).toBe(tier?.priceOre);
    }
  });

  it('keeps every amount an integer of öre', () => {
    for (const n of [0, 1, 3, 49_999, 75_000, 123_457, 987_654_321]) {
      const cost = costSoFar(n, { includeConnectionFee: true });
      for (const amount of [cost.totalOre, cost.messagesOre, ...cost.tiers.map((t) => t.ore)])
        expect(Number.isSafeInteger(amount)).toBe(true);
      expect(cost.tiers.reduce((s, t) => s + t.messages, 0)).toBe(n);
    }
  });

  it('refuses counts that are not whole messages', () => {
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => costSoFar(n, noFee)).toThrow();
  });
});

describe('the year’s forecast', () => {
  it('scales the messages so far linearly to the whole year', () => {
    const f = forecastYear(10_000, 73, 365);
    expect(f.messages).toBe(50_000);
    expect(f.tiers.map((t) => t.messages)).toEqual([49_999, 1, 0]);
    expect(f.totalOre).toBe(costSoFar(50_000, noFee).totalOre);
    expect(f).toMatchObject({ messagesSoFar: 10_000, dayOfYear: 73, daysInYear: 365, connectionFeeOre: 0 });
  });

  it('on 1 January takes that one day for the year', () => {
    expect(forecastYear(0, 1, 365).messages).toBe(0);
    expect(forecastYear(0, 1, 365).totalOre).toBe(0);
    expect(forecastYear(200, 1, 365).messages).toBe(73_000);
    expect(forecastYear(200, 1, 366).messages).toBe(73_200);
  });

  it('on 31 December is what was sent', () => {
    expect(forecastYear(75_000, 365, 365).totalOre).toBe(21_499_930);
    expect(forecastYear(75_000, 366, 366).messages).toBe(75_000);
  });

  it('counts the leap day', () => {
    // Half of a leap year is 183 days: 1 000 messages then forecast 2 000.
    expect(forecastYear(1_000, 183, 366).messages).toBe(2_000);
    // The same count on the same date (1 March, day 60 in a leap year, 59 otherwise).
    expect(forecastYear(590, 59, 365).messages).toBe(3_650);
    expect(forecastYear(600, 60, 366).messages).toBe(3_660);
    expect(() => forecastYear(10, 366, 365)).toThrow();
  });

  it('rounds to the nearest message, half up', () => {
    expect(forecastYear(1, 2, 365).messages).toBe(183); // 182.5
    expect(forecastYear(1, 3, 365).messages).toBe(122); // 121.67
    expect(forecastYear(1, 366, 366).messages).toBe(1);
    expect(forecastYear(2, 365, 366).messages).toBe(2); // 2.0055
  });

  it('adds the connection fee when asked', () => {
    expect(forecastYear(0, 100, 365, { includeConnectionFee: true }).totalOre).toBe(CONNECTION_FEE_ORE);
  });

  it('refuses days outside the year', () => {
    expect(() => forecastYear(1, 0, 365)).toThrow();
    expect(() => forecastYear(1, 1, 364)).toThrow();
    expect(() => forecastYear(1, 1.5, 365)).toThrow();
  });
});

describe('yearPosition', () => {
  it('gives the day of the year and the year’s length', () => {
    expect(yearPosition('2025-01-01')).toEqual({ dayOfYear: 1, daysInYear: 365 });
    expect(yearPosition('2025-12-31')).toEqual({ dayOfYear: 365, daysInYear: 365 });
    expect(yearPosition('2024-02-29')).toEqual({ dayOfYear: 60, daysInYear: 366 });
    expect(yearPosition('2024-12-31')).toEqual({ dayOfYear: 366, daysInYear: 366 });
    expect(yearPosition('2100-03-01')).toEqual({ dayOfYear: 60, daysInYear: 365 });
    expect(yearPosition('2000-12-31')).toEqual({ dayOfYear: 366, daysInYear: 366 });
    expect(yearPosition('0050-12-31')).toEqual({ dayOfYear: 365, daysInYear: 365 });
  });

  it('refuses what is not a calendar date', () => {
    for (const d of ['2025-02-29', '2025-13-01', '2025-1-1', '31.12.2025', '2025-00-10', '2025-04-31'])
      expect(() => yearPosition(d), d).toThrow();
  });
});
