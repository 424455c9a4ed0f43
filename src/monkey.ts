import { BeanBase } from './core/beanBase.js';
import { Bean } from './core/decorators.js';
import { type IModuleMonkey } from './core/module.js';

/**
 * Lifecycle hooks of the a-socket module: the kernel calls them from `app.appReady()` / `app.appClose()`.
 * Ready: every chain composed (an onion that cannot be created fails start-up), the bus subscribed, the server
 * attached. Close: the server and every connection closed, then the bus.
 */
@Bean({ name: 'monkey' })
export class Monkey extends BeanBase implements IModuleMonkey {
  async appReady(): Promise<void> {
    this.app.onion.prepare(this.app.namespaces.keys());
    const socketEvent = this.app.socketEvent;
    await this.app.plugins.bus?.subscribe(envelope => socketEvent.receive(envelope));
    await this.app.bean('a-socket.service.socket').appReady();
  }

  async appClose(): Promise<void> {
    await this.app.bean('a-socket.service.socket').appClose();
    await this.app.plugins.bus?.close();
  }
}
