/** Protocol v2 (issue "robust and private by design"): passphrase, AES-GCM envelope, keyed symbols, RS + vote. */
export * from './record';
export * from './keys';
export * from './envelope';
export * from './mapping';
export * from './rs';
export * from './payload';
export * from './bundleV2';
export { ByteFormatError, fromBase64, toBase64 } from './bytes';
