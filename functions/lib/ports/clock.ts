/** The `clock` port: the system clock and the time-ordered id generator. */
import { systemClock, ulidGenerator } from '../../../shared/adapters/ids.ts';

export const clock = systemClock;
export const ids = ulidGenerator(systemClock);
