/** A rule tested against a namespace: exact string, RegExp, or predicate. */
export type OnionMatchRule = string | RegExp | ((namespace: string) => boolean);
export type OnionMatch = OnionMatchRule | readonly OnionMatchRule[];

export interface IOnionOptionsMeta {
  /** Run only in these app modes (`config.mode`, e.g. 'development'). */
  mode?: string | readonly string[];
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
