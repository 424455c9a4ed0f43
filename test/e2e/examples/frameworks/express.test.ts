import { startExpressExample } from '../../../../examples/express/server.js';
import { describeFrameworkExample } from './frameworkChecks.js';

describeFrameworkExample('Express', () => startExpressExample());
