import { BeanSocketNamespaceBase } from '../lib/beanSocketNamespaceBase.js';
import { SocketNamespace } from '../lib/socketDecorators.js';
import { type ISocketNamespaceRecord } from '../types/socketNamespace.js';

/** The root namespace `/` (path `/ws`), always declared. */
@SocketNamespace({ namespace: '/' })
export class SocketNamespaceRoot extends BeanSocketNamespaceBase<ISocketNamespaceRecord['/']> {}
