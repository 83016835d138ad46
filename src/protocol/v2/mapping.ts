/**
 * Keyed symbol mapping of protocol v2 (issue goal b): hash value -> symbol through a
 * pseudo-random function keyed by the passphrase, instead of the paper's rank-based
 * index table (Tan et al. 2020, section 4.8, Fig. 8).
 *
 * Why: in the paper's table a hash's character is its rank among the series' distinct
 * hashes, so one row whose hash changes into a value not seen before (or ceases to be the
 * only row of its value) shifts the rank, hence the character, of every larger hash: one
 * attacked row corrupts a large part of the text. Here the symbol of a row depends only
 * on that row's own hash (and the key), so an attacked row damages at most the symbol it
 * carries, which the vote and the error-correcting code then repair (payload.ts). Without
 * the passphrase the mapping is unknown, so the images alone reveal nothing.
 *
 * PRF: for each hash h in 0..2^hashBits-1 and block b, P_b(h) = HMAC-SHA-256(mapKey,
 * "coverless-dicom/v2/symbol" ‖ 0x00 ‖ u32be(h) ‖ u32be(b)), 32 bytes. Variant t
 * (0..255) maps h to the top `symbolBits` bits of byte (t mod 32) of P_(t div 32)(h).
 * The 256 variants are 256 independent keyed tables, 32 per set of 2^hashBits HMACs:
 * the sender tries them all and keeps the one whose symbol classes best fit the record
 * on this series (payload.ts; hash values are far from uniform, so some tables leave a
 * class short of rows); the variant number travels encrypted. The receiver computes
 * only its variant's block: 512 HMACs for 9-bit hashes, once, since WebCrypto's HMAC is
 * asynchronous and the table is used for every row.
 *
 * Why 4-bit symbols (16 classes): every symbol of the stream needs `copies` rows whose
 * hash maps to it. A series of N slices gives 4(N-1) rows but typically only ~100-300
 * distinct 9-bit hashes. Each distinct hash falls into a given class with probability
 * 1/16, so the chance that some class gets no hash at all is at most 16 (15/16)^k:
 * 2.5e-2 for k = 100 distinct hashes, 4e-5 for k = 200, 6e-8 for k = 300 (and the sender
 * still has 256 variants to choose from). With 256 classes (8-bit symbols) 300 hashes
 * would leave about 256 e^(-300/256) = 79 classes empty, and each class would hold
 * only ~4(N-1)/256 rows (2 for a 120-slice series): no room for several copies per
 * symbol. Two symbols per byte is the price (record bytes are split into nibbles).
 *
 * Whitening: the symbol stream is XORed with a keyed stream W_t (HMAC-SHA-256(mapKey,
 * "coverless-dicom/v2/whiten" ‖ 0x00 ‖ u32be(t) ‖ u32be(counter))) before rows are chosen,
 * so that every class is needed about equally often: UTF-8 text is very unevenly spread
 * over nibbles (the high nibble of a lowercase letter is 6 or 7) and would exhaust a few
 * classes long before the others. XOR keeps errors and erasures where they were.
 */
import { importHmacKey, prfBlock } from './keys';

/** Symbol tables tried per key (bytes of one HMAC-SHA-256 output). */
export const SYMBOL_VARIANTS = 256;
/** Variants per PRF block (bytes of one HMAC-SHA-256 output). */
const VARIANTS_PER_BLOCK = 32;
export const DEFAULT_HASH_BITS = 9;
export const DEFAULT_SYMBOL_BITS = 4;
/** Symbol sizes that divide a byte (payload.ts splits bytes into symbols). */
export const SYMBOL_BITS_ALLOWED: readonly number[] = [1, 2, 4, 8];

const SYMBOL_DOMAIN = 'coverless-dicom/v2/symbol';
const WHITEN_DOMAIN = 'coverless-dicom/v2/whiten';

function checkBits(hashBits: number, symbolBits: number): void {
  if (!Number.isInteger(hashBits) || hashBits < 1 || hashBits > 16) {
    throw new RangeError(`symbol table: hashBits must be an integer in 1..16, got ${hashBits}`);
  }
  if (!SYMBOL_BITS_ALLOWED.includes(symbolBits)) {
    throw new RangeError(`symbol table: symbolBits must be one of ${SYMBOL_BITS_ALLOWED.join(', ')}, got ${symbolBits}`);
  }
}

function checkVariant(variant: number): void {
  if (!Number.isInteger(variant) || variant < 0 || variant >= SYMBOL_VARIANTS) {
    throw new RangeError(`symbol table: variant must be an integer in 0..${SYMBOL_VARIANTS - 1}, got ${variant}`);
  }
}

/** P_block(h) for every hash value h in 0..2^hashBits-1. */
async function prfAll(key: CryptoKey, hashBits: number, block: number): Promise<Uint8Array[]> {
  return Promise.all(Array.from({ length: 1 << hashBits }, (_, h) => prfBlock(key, SYMBOL_DOMAIN, h, block)));
}

/**
 * Tables of variants 0..count-1 (all SYMBOL_VARIANTS by default): tables[t][h] is the
 * symbol of hash h in variant t. 2^hashBits HMACs per 32 variants (a few milliseconds).
 */
export async function buildSymbolTables(
  mapKey: Uint8Array,
  hashBits: number = DEFAULT_HASH_BITS,
  symbolBits: number = DEFAULT_SYMBOL_BITS,
  count: number = SYMBOL_VARIANTS,
): Promise<Uint8Array[]> {
  checkBits(hashBits, symbolBits);
  if (!Number.isInteger(count) || count < 1 || count > SYMBOL_VARIANTS) {
    throw new RangeError(`symbol table: count must be an integer in 1..${SYMBOL_VARIANTS}, got ${count}`);
  }
  const key = await importHmacKey(mapKey);
  const shift = 8 - symbolBits;
  const tables: Uint8Array[] = [];
  for (let block = 0; block * VARIANTS_PER_BLOCK < count; block++) {
    const prf = await prfAll(key, hashBits, block);
    for (let j = 0; j < VARIANTS_PER_BLOCK && tables.length < count; j++) tables.push(Uint8Array.from(prf, (p) => p[j] >> shift));
  }
  return tables;
}

/** One table: Uint8Array(2^hashBits), entry h = symbol of hash h (variant 0 unless given). */
export async function buildSymbolTable(
  mapKey: Uint8Array,
  hashBits: number = DEFAULT_HASH_BITS,
  symbolBits: number = DEFAULT_SYMBOL_BITS,
  variant = 0,
): Promise<Uint8Array> {
  checkBits(hashBits, symbolBits);
  checkVariant(variant);
  const prf = await prfAll(await importHmacKey(mapKey), hashBits, Math.floor(variant / VARIANTS_PER_BLOCK));
  const byte = variant % VARIANTS_PER_BLOCK;
  return Uint8Array.from(prf, (p) => p[byte] >> (8 - symbolBits));
}

/** The symbol of one hash value (same value as buildSymbolTable(...)[hash]). */
export async function symbolOf(hash: number, mapKey: Uint8Array, symbolBits: number = DEFAULT_SYMBOL_BITS, variant = 0): Promise<number> {
  checkBits(DEFAULT_HASH_BITS, symbolBits);
  checkVariant(variant);
  if (!Number.isInteger(hash) || hash < 0 || hash > 0xffff) throw new RangeError(`symbolOf: hash must be an integer in 0..65535, got ${hash}`);
  const p = await prfBlock(await importHmacKey(mapKey), SYMBOL_DOMAIN, hash, Math.floor(variant / VARIANTS_PER_BLOCK));
  return p[variant % VARIANTS_PER_BLOCK] >> (8 - symbolBits);
}

/** The first `count` symbols of the whitening stream W_variant (see the module comment). */
export async function whiteningStream(mapKey: Uint8Array, variant: number, count: number, symbolBits: number = DEFAULT_SYMBOL_BITS): Promise<Uint8Array> {
  checkBits(DEFAULT_HASH_BITS, symbolBits);
  checkVariant(variant);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`whiteningStream: count must be an integer >= 0, got ${count}`);
  const perBlock = (32 * 8) / symbolBits;
  const key = await importHmacKey(mapKey);
  const blocks = await Promise.all(Array.from({ length: Math.ceil(count / perBlock) }, (_, c) => prfBlock(key, WHITEN_DOMAIN, variant, c)));
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const block = blocks[Math.floor(i / perBlock)];
    out[i] = bytesToSymbolsAt(block, i % perBlock, symbolBits);
  }
  return out;
}

/** Symbol j of a byte string, most significant bits of each byte first. */
function bytesToSymbolsAt(bytes: Uint8Array, j: number, symbolBits: number): number {
  const perByte = 8 / symbolBits;
  const byte = bytes[Math.floor(j / perByte)];
  const shift = 8 - symbolBits * ((j % perByte) + 1);
  return (byte >> shift) & ((1 << symbolBits) - 1);
}

/** Bytes -> symbols of `symbolBits` bits, most significant first (a byte 0x4A -> 4, 10 for 4-bit symbols). */
export function bytesToSymbols(bytes: Uint8Array, symbolBits: number = DEFAULT_SYMBOL_BITS): Uint8Array {
  checkBits(DEFAULT_HASH_BITS, symbolBits);
  const perByte = 8 / symbolBits;
  const out = new Uint8Array(bytes.length * perByte);
  for (let j = 0; j < out.length; j++) out[j] = bytesToSymbolsAt(bytes, j, symbolBits);
  return out;
}

/** Inverse of bytesToSymbols; symbols.length must be a multiple of 8 / symbolBits. */
export function symbolsToBytes(symbols: Uint8Array, symbolBits: number = DEFAULT_SYMBOL_BITS): Uint8Array {
  checkBits(DEFAULT_HASH_BITS, symbolBits);
  const perByte = 8 / symbolBits;
  if (symbols.length % perByte !== 0) throw new RangeError(`symbolsToBytes: ${symbols.length} symbols do not fill whole bytes`);
  const out = new Uint8Array(symbols.length / perByte);
  for (let j = 0; j < symbols.length; j++) {
    out[Math.floor(j / perByte)] |= (symbols[j] & ((1 << symbolBits) - 1)) << (8 - symbolBits * ((j % perByte) + 1));
  }
  return out;
}
