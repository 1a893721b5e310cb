export { type ConsoleOptions, consoleReporter } from './console.js';
export { htmlReport, htmlReporter } from './html.js';
export { jsonReport, jsonReporter } from './json.js';
export { junitReporter, junitXml } from './junit.js';
