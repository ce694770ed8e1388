// Loads a CommonJS bundle with a V8 code cache beside it, so that V8 does not parse and
// compile the ~450 KB app bundle from scratch on every command (Node 20 has no built-in
// compile cache; 22 does). The cache is written on the first run after a build and
// whenever V8 rejects it (another Node version); if it cannot be written, nothing is lost
// but time.

import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

type Wrapped = (exports: unknown, require: NodeRequire, module: { exports: unknown }, filename: string, dirname: string) => void;

export function requireWithCodeCache(file: string): unknown {
  // V8 checks a cache against the source's length, not its content, so the name carries
  // the bundle's modification time and size: a rebuilt bundle never meets a stale cache.
  const { mtimeMs, size } = statSync(file);
  const cacheFile = `${file}.${process.version}.${Math.round(mtimeMs)}-${size}.v8cache`;
  // esbuild writes ASCII only (non-ASCII is escaped), and latin1 decodes it without UTF-8 validation.
  const source = readFileSync(file, 'latin1');
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the command has run, so the cache also holds the functions it compiled.
    process.once('exit', () => {
      try {
        const temp = `${cacheFile}.${process.pid}`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cacheFile);
      } catch {
        // read-only install: run without a cache
      }
    });
  }
  const module = { exports: {} as unknown };
  (script.runInThisContext() as Wrapped)(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}
