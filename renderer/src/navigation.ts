/** The app's screens. State-based routing: the shell holds one of these ids, no router needed. */
export const screens = [
  { id: 'start', label: 'Day one' },
  { id: 'environments', label: 'Environments' },
  { id: 'requests', label: 'Requests' },
  { id: 'exports', label: 'Exports' },
  { id: 'activity', label: 'Activity' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof screens)[number]['id'];
