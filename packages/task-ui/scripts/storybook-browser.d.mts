import type { Browser, Page } from 'playwright-core';

export const packageDir: string;
export const staticDir: string;
export const chromiumPath: string;
export function ensureStorybookBuilt(): boolean;
export function serveStorybook(): Promise<{ url: string; close: () => Promise<void> }>;
export function listStories(): Array<{ id: string; title: string; name: string }>;
export function launchChromium(): Promise<Browser>;
export function openStory(page: Page, baseUrl: string, id: string, options?: { waitForPlay?: boolean; timeout?: number }): Promise<void>;
export function runAxe(page: Page): Promise<string[]>;
export function waitForStory(page: Page, id: string, options?: { phases?: string[]; timeout?: number }): Promise<void>;
