import { toArray } from '../util.js';

/** A rule tested against a target (in the a-socket module: a namespace): exact string, RegExp, or predicate. */
export type OnionMatchRule = string | RegExp | ((target: string) => boolean);
export type OnionMatch = OnionMatchRule | readonly OnionMatchRule[];

function ruleMatches(rule: OnionMatchRule, target: string): boolean {
  if (typeof rule === 'string') return rule === target;
  if (rule instanceof RegExp) {
    rule.lastIndex = 0;
    return rule.test(target);
  }
  return rule(target);
}

/** An onion runs for a target when the target passes `match` (if any) and fails `ignore` (if any). */
export function matchesRule(target: string, match?: OnionMatch, ignore?: OnionMatch): boolean {
  const matchRules = toArray<OnionMatchRule>(match);
  if (matchRules.length > 0 && !matchRules.some(rule => ruleMatches(rule, target))) return false;
  return !toArray<OnionMatchRule>(ignore).some(rule => ruleMatches(rule, target));
}
