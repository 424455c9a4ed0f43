import { EventEmitter } from 'node:events';

/**
 * An EventEmitter whose constructor only sets its fields empty: EventEmitter's own methods create the listener
 * table on the first `on` and read a missing one as "no listeners". An injected call makes three emitters
 * (request, response, socket) and most of them never get a listener; Node's constructor would cost a call more
 * than all its other objects. Typed as EventEmitter, which is what it is once constructed.
 */
class LazyEmitterClass {
  _events: undefined = undefined;
  _eventsCount = 0;
  _maxListeners: undefined = undefined;
}

Object.setPrototypeOf(LazyEmitterClass.prototype, EventEmitter.prototype);

export const LazyEmitter = LazyEmitterClass as unknown as typeof EventEmitter;
