import type { StorybookConfig } from '@storybook/react-vite';
import { workspaceAliases } from '../workspace-aliases.ts';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.tsx'],
  framework: { name: '@storybook/react-vite', options: {} },
  // Offline and fast: no telemetry, no "what's new" fetch, no docgen pass.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: { reactDocgen: false },
  viteFinal: async (viteConfig) => {
    const existing = viteConfig.resolve?.alias;
    const rest = Array.isArray(existing) ? existing : Object.entries(existing ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }));
    return {
      ...viteConfig,
      resolve: { ...viteConfig.resolve, alias: [...workspaceAliases, ...rest] },
      build: {
        ...viteConfig.build,
        // The preview bundle is a dev artefact: its size and react-query's "use client" lines are noise.
        chunkSizeWarningLimit: 2_000,
        rollupOptions: {
          ...viteConfig.build?.rollupOptions,
          onwarn: (warning, warn) => {
            if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
          },
        },
      },
    };
  },
};

export default config;
