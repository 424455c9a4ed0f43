/** An RPC body whose JSON is about `bytes` long: `{"seq":0,"text":"…"}` is 20 bytes plus the text. */
export function rpcBody(bytes: number): { seq: number; text: string } {
  return { seq: 0, text: 'x'.repeat(Math.max(0, bytes - 20)) };
}
