export { type ConsoleOptions, consoleReporter } from './console.js';
export { annotation, type GithubOptions, githubReporter } from './github.js';
export { htmlReport, htmlReporter } from './html.js';
export { jsonReport, jsonReporter } from './json.js';
export { junitReporter, junitXml } from './junit.js';
export { sarifLog, sarifReporter } from './sarif.js';
