import { BeanBase } from './core/beanBase.js';
import { Bean } from './core/decorators.js';
import { type ServiceSocket } from './service/socket.js';

/** Lifecycle hooks of the a-socket module: the host app calls them through `app.appReady()` / `app.appClose()`. */
@Bean({ name: 'monkey' })
export class Monkey extends BeanBase {
  async appReady(): Promise<void> {
    await this.app.bean<ServiceSocket>('a-socket.service.socket').appReady();
  }

  async appClose(): Promise<void> {
    await this.app.bean<ServiceSocket>('a-socket.service.socket').appClose();
  }
}
