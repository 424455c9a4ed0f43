import { type OriginRule } from '../types/config.js';

function wildcardMatches(rule: string, origin: URL): boolean {
  const schemeEnd = rule.indexOf('://');
  const scheme = schemeEnd === -1 ? undefined : rule.slice(0, schemeEnd + 1);
  const hostPattern = schemeEnd === -1 ? rule : rule.slice(schemeEnd + 3);
  if (scheme !== undefined && scheme !== origin.protocol) return false;
  const suffix = hostPattern.slice(1); // '.example.com' (port included when given)
  const host = hostPattern.includes(':') ? origin.host : origin.hostname;
  return host.endsWith(suffix) && host.length > suffix.length;
}

function ruleAllows(rule: OriginRule, origin: string, parsed: URL | undefined): boolean {
  if (typeof rule === 'function') return rule(origin);
  if (rule instanceof RegExp) {
    rule.lastIndex = 0;
    return rule.test(origin);
  }
  if (rule === '*') return true;
  if (rule.includes('*')) return parsed !== undefined && wildcardMatches(rule, parsed);
  return rule === origin;
}

/**
 * Browser origin check: an `Origin` of the request's own host, or one allowed by a rule
 * (exact origin, `*.example.com` or `https://*.example.com`, RegExp, predicate, `*`), passes.
 */
export function isOriginAllowed(
  origin: string,
  requestHost: string | undefined,
  rules: readonly OriginRule[],
): boolean {
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin);
  } catch {
    parsed = undefined;
  }
  if (parsed && requestHost && parsed.host === requestHost) return true;
  return rules.some(rule => ruleAllows(rule, origin, parsed));
}
