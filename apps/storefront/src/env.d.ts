/** The storefront's package version, put in by vite.config.ts at build time. */
declare const __STOREFRONT_VERSION__: string;
