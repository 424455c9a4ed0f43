import { defaultSocketConfig } from './config.js';
import { defineModule } from './lib/module.js';
import { ServiceOnion } from './service/onion.js';

/** The built-in module: always registered first in every app. */
export const moduleASocket = defineModule({
  name: 'a-socket',
  config: defaultSocketConfig(),
  beans: [ServiceOnion],
});
