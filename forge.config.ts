import { cp } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { nativeExternals } from './vite.main.config.ts';

const root = import.meta.dirname;

/** A package and everything it needs at run time, as found in node_modules. */
function dependencyClosure(names: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const manifest = path.join(root, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return; // an optional dependency not installed on this platform
    seen.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  names.forEach(visit);
  return seen;
}

const config: ForgeConfig = {
  packagerConfig: {
    name: 'CareDock',
    executableName: 'caredock',
    // Native add-ons cannot load from inside an asar archive.
    asar: { unpack: '**/*.node' },
    extraResource: ['migrations'],
  },
  rebuildConfig: {},
  hooks: {
    // The Vite plugin packages only .vite/, which drops the native modules the main bundle keeps
    // external (electron/forge#3738); copy them and their dependencies in.
    packageAfterCopy: async (_config, buildPath) => {
      for (const name of dependencyClosure(nativeExternals)) {
        await cp(path.join(root, 'node_modules', name), path.join(buildPath, 'node_modules', name), {
          recursive: true,
          dereference: true,
        });
      }
    },
  },
  makers: [new MakerSquirrel({ name: 'CareDock' }), new MakerZIP({}, ['darwin']), new MakerDeb({})],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'src/main/electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'src/preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
