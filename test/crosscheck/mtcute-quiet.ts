// mtcute's CommonJS bundles print a deprecation banner on first load; jest runs tests as CommonJS.
// Import this module before any @mtcute/* import to keep test output clean.
(globalThis as { _MTCUTE_CJS_DEPRECATION_WARNED?: boolean })._MTCUTE_CJS_DEPRECATION_WARNED = true;

export {};
