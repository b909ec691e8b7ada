// wawoff2 ships no types; this is the part of its API test/support/unpack-chromium.ts uses.
declare module 'wawoff2' {
  export function decompress(woff2: Uint8Array): Promise<Uint8Array>;
}
