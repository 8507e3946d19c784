// The domain error lives in ../errors.ts (services and the store throw it too); this path stays for
// the http layer's older imports.
export * from '../errors.js';
