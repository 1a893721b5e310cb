// Small helpers shared by the rules; Redocly's own types (Oas3Rule, UserContext …) come from
// @redocly/openapi-core.
import type { Oas3Response } from '@redocly/openapi-core';
import { RATE_LIMIT_HEADER_NAMES } from '../tools/contract-model.js';

/** The rate-limit headers every response to an authenticated request declares, as documented. */
export const RATE_LIMIT_HEADERS = RATE_LIMIT_HEADER_NAMES;

export const hasHeader = (response: Oas3Response | undefined, name: string) =>
  Object.keys(response?.headers ?? {}).some((h) => h.toLowerCase() === name.toLowerCase());

export const isError = (status: string | number) => /^[45]/.test(String(status));

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `$ref` of a reference node, '' for anything else. (Type-only imports keep the plugin free of a
 * second runtime copy of openapi-core next to the one the CLI bundles.) */
export const refOf = (node: unknown): string => (isObject(node) && typeof node.$ref === 'string' ? node.$ref : '');

/** An `x-` extension of a node (Redocly's typings declare only the standard fields). */
export const extension = (node: object, name: `x-${string}`): unknown => (node as Json)[name];

/** The value as a list of strings, or undefined when it is anything else. */
export const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
