import ts from 'typescript';

/**
 * Compiles `source` the way `tsc` emits it with `compilerOptions` (to CommonJS, no type check) and runs the output;
 * its imports are answered from `modules`. Returns the module's exports. For proving what compiled code does at run
 * time under compiler options other than the repository's (decorators without `experimentalDecorators`, say).
 */
export function runTranspiled(
  source: string,
  modules: Readonly<Record<string, unknown>>,
  compilerOptions: ts.CompilerOptions = {},
): Record<string, unknown> {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, ...compilerOptions, module: ts.ModuleKind.CommonJS },
  });
  const exports: Record<string, unknown> = {};
  const require = (specifier: string): unknown => {
    if (!(specifier in modules))
      throw new Error(`the fixture imports "${specifier}", which runTranspiled was not given`);
    return modules[specifier];
  };
  new Function('exports', 'require', outputText)(exports, require);
  return exports;
}
