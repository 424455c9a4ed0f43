/**
 * Beans by full name, for typed look-ups: `app.bean('a-socket.service.socketEvent')` is a `ServiceSocketEvent`.
 * Each module adds its beans by declaration merging; a module author writes
 * `declare module 'a-socket' { interface IBeanRecord { 'demo-chat.service.rooms': ServiceRooms } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IBeanRecord {}
