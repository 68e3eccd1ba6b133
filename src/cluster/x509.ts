/**
 * The one entry point to @peculiar/x509 in k8ts. Import it from here, never
 * directly: the library needs the reflect-metadata polyfill loaded before it
 * and a WebCrypto provider set, and ESM evaluates imports in source order.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's WebCrypto is complete for ECDSA P-256, the only algorithm we use.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
