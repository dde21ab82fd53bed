/** The app's pages, in the order the page switcher shows them. */
export const PAGES = [
  { id: 'keys', label: 'Keys' },
  { id: 'audit', label: 'Audit' },
  { id: 'activity', label: 'Activity log' },
  { id: 'reviews', label: 'Reviews' },
  { id: 'inventory', label: 'Inventory' },
  { id: 'settings', label: 'Settings', shortcut: 'Control+, Meta+,' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];
