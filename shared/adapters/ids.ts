/** Time-ordered ids (ULID layout: 48-bit milliseconds + 80 random bits, Crockford base32, 26 characters). */
import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from '../ports.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(ms: number, random: Uint8Array = randomBytes(10)): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let rand = '';
  for (let i = 0; i < 16; i++) {
    rand = ALPHABET[Number(bits & 31n)] + rand;
    bits >>= 5n;
  }
  return time + rand;
}

export function ulidGenerator(clock: Clock): IdGenerator {
  return { next: () => ulid(clock.now().getTime()) };
}

export const systemClock: Clock = { now: () => new Date() };
