/** Node's error codes, so code that tells errors apart by `code` reads the same ones. */
export function nodeError(code: string, message: string, Type: ErrorConstructor = Error): Error {
  return Object.assign(new Type(message), { code });
}
