// Generates (or finds in the cache) the history the five-year benchmark reads:
// node bench/make-history.ts [days], 1826 days by default.
import { cachedHistory, fiveYears } from './history.ts';

const days = Number(process.argv[2] ?? 1826);
console.log(await cachedHistory(fiveYears(days), (line) => console.log(line)));
