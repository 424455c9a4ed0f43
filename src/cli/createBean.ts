import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from './cliError.js';
import {
  beanClassName,
  beanFileName,
  CREATABLE_SCENES,
  renderBeanTemplate,
  type CreatableScene,
} from './beanTemplates.js';

export interface ICreateBeanOptions {
  scene: string;
  name: string;
  module: string;
  /** Folder to write into, relative to `cwd`; created when missing. Default: `cwd`. */
  dir?: string;
  /** socketNamespace only: the namespace path, `/<name>` by default. */
  namespace?: string;
  cwd: string;
}

export interface ICreatedBean {
  file: string;
  className: string;
}

const BEAN_NAME = /^[a-z][A-Za-z0-9]*$/;
const MODULE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const NAMESPACE = /^\/([A-Za-z0-9_.~-]+(\/[A-Za-z0-9_.~-]+)*)?$/;

/** Writes `<dir>/<scene>.<name>.ts` from its template. Refuses bad names and never overwrites a file. */
export async function createBean(options: ICreateBeanOptions): Promise<ICreatedBean> {
  const scene = checkScene(options.scene);
  const { name, module } = options;
  if (!BEAN_NAME.test(name)) {
    throw new CliError(
      `bean name "${name}" is invalid: use camelCase letters and digits starting with a lower-case letter, like "chat" or "rateLimit"`,
    );
  }
  if (!MODULE_NAME.test(module)) {
    throw new CliError(
      `module name "${module}" is invalid: use lower-case letters, digits and dashes, like "demo-chat"`,
    );
  }
  if (options.namespace !== undefined && scene !== 'socketNamespace') {
    throw new CliError(`--namespace applies to socketNamespace beans only, not to ${scene}`);
  }
  const namespace = options.namespace ?? `/${name}`;
  if (!NAMESPACE.test(namespace)) {
    throw new CliError(`namespace "${namespace}" is invalid: use a path like "/" or "/chat" (no trailing slash)`);
  }
  const dir = path.resolve(options.cwd, options.dir ?? '.');
  const file = path.join(dir, beanFileName(scene, name));
  if (existsSync(file)) {
    throw new CliError(`${file} already exists: a-socket create never overwrites; pick another name or remove it`);
  }
  await mkdir(dir, { recursive: true });
  // 'wx' also refuses a file that appeared since the check.
  await writeFile(file, renderBeanTemplate(scene, { name, module, namespace }), { flag: 'wx' });
  return { file, className: beanClassName(scene, name) };
}

function checkScene(scene: string): CreatableScene {
  if ((CREATABLE_SCENES as readonly string[]).includes(scene)) return scene as CreatableScene;
  throw new CliError(`scene "${scene}" is not one a-socket create knows: use ${CREATABLE_SCENES.join(', ')}`);
}
