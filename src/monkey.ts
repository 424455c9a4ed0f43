import { inject } from 'inversify';
import { BeanBase } from './core/beanBase.js';
import { Bean } from './core/decorators.js';
import { type IModuleMonkey } from './core/module.js';
import { ServiceOnion } from './service/onion.js';
import { ServiceSocket } from './service/socket.js';
import { ServiceSocketEvent } from './service/socketEvent.js';
import { ServiceSocketHistory } from './service/socketHistory.js';

/**
 * Lifecycle hooks of the a-socket module: the kernel calls them from `app.appReady()` / `app.appClose()`.
 * Ready: every chain composed (an onion that cannot be created fails start-up), the history store reading every
 * history namespace, the bus subscribed, the server attached. Close: the server and every connection closed (their
 * exit chains saved their sessions), then the history and session stores, then the bus.
 */
@Bean({ name: 'monkey' })
export class Monkey extends BeanBase implements IModuleMonkey {
  constructor(
    @inject(ServiceOnion) private readonly onion: ServiceOnion,
    @inject(ServiceSocket) private readonly socket: ServiceSocket,
    @inject(ServiceSocketEvent) private readonly socketEvent: ServiceSocketEvent,
    @inject(ServiceSocketHistory) private readonly history: ServiceSocketHistory,
  ) {
    super();
  }

  async appReady(): Promise<void> {
    this.onion.prepare(this.app.namespaces.keys());
    await this.history.subscribe();
    const socketEvent = this.socketEvent;
    await this.app.plugins.bus?.subscribe(envelope => socketEvent.receive(envelope));
    await this.socket.appReady();
  }

  async appClose(): Promise<void> {
    try {
      await this.socket.appClose();
    } finally {
      try {
        await this.history.close();
      } finally {
        await this.app.plugins.bus?.close();
      }
    }
  }
}
