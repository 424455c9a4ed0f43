import { type OnionMatch } from '../core/onion/matchRule.js';

export type { OnionMatch, OnionMatchRule } from '../core/onion/matchRule.js';

export interface IOnionOptionsMeta {
  /** Run only in these app modes (`config.mode`, e.g. 'development'). */
  mode?: string | readonly string[];
  /** Run only in namespaces declared with `history` (e.g. `a-socket:recovery`). */
  history?: boolean;
}

/** Options every onion bean understands; beans add their own beside these. */
export interface IOnionOptionsBase {
  /** Onion names (`<module>:<beanName>`) this onion runs after. */
  dependencies?: string | readonly string[];
  /** Onion names that run after this onion. */
  dependents?: string | readonly string[];
  enable?: boolean;
  match?: OnionMatch;
  ignore?: OnionMatch;
  meta?: IOnionOptionsMeta;
}

export type OnionScene = 'socketConnection' | 'socketPacket';
