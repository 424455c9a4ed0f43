import { startFastifyExample } from '../../../../examples/fastify/server.js';
import { describeFrameworkExample } from './frameworkChecks.js';

describeFrameworkExample('Fastify', () => startFastifyExample());
