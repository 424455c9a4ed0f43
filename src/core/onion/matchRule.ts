import { type OnionMatch, type OnionMatchRule } from '../../types/onion.js';
import { toArray } from '../util.js';

function ruleMatches(rule: OnionMatchRule, namespace: string): boolean {
  if (typeof rule === 'string') return rule === namespace;
  if (rule instanceof RegExp) {
    rule.lastIndex = 0;
    return rule.test(namespace);
  }
  return rule(namespace);
}

/** An onion runs in a namespace when it passes `match` (if any) and fails `ignore` (if any). */
export function matchNamespace(namespace: string, match?: OnionMatch, ignore?: OnionMatch): boolean {
  const matchRules = toArray<OnionMatchRule>(match);
  if (matchRules.length > 0 && !matchRules.some(rule => ruleMatches(rule, namespace))) return false;
  return !toArray<OnionMatchRule>(ignore).some(rule => ruleMatches(rule, namespace));
}
