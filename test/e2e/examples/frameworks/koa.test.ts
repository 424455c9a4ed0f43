import { startKoaExample } from '../../../../examples/koa/server.js';
import { describeFrameworkExample } from './frameworkChecks.js';

describeFrameworkExample('Koa', () => startKoaExample());
