/** The little of jsbn's BigInteger that sm2.ts hands to sm-crypto (its nonce pool's k and x1); jsbn has no types. */
declare module 'jsbn' {
  export class BigInteger {
    constructor(value: string, radix: number);
    toString(radix?: number): string;
  }
}
