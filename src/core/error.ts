export type ASocketErrorCode =
  | 'ONION_CYCLE'
  | 'ONION_UNKNOWN'
  | 'ONION_DUPLICATE'
  | 'ONION_NOT_FUNCTION'
  | 'ONION_NEXT_TWICE'
  | 'MODULE_INVALID'
  | 'BEAN_INVALID'
  | 'BEAN_DUPLICATE'
  | 'BEAN_NOT_FOUND'
  | 'NAMESPACE_INVALID'
  | 'NAMESPACE_DUPLICATE'
  | 'NAMESPACE_UNKNOWN'
  | 'EVENT_INVALID'
  | 'EVENT_DUPLICATE'
  | 'APP_STATE';

/** The one error class of a-socket: `code` tells the kind, the message names what is wrong and with what. */
export class ASocketError extends Error {
  readonly code: ASocketErrorCode;

  constructor(code: ASocketErrorCode, message: string) {
    super(message);
    this.name = 'ASocketError';
    this.code = code;
  }
}
