import { useEffect, useRef, useState } from 'react';
import { formatTimeLeft as formatTime } from '../../shared/time';

/** `7h 59m`, `12m 05s`, `40s`: time left, as people read it (shared/time.ts, spaced for the screen). */
export const formatTimeLeft = (seconds: number): string => formatTime(seconds, { spaced: true });

/** `today`, `1 day`, `396 days`. */
export function formatAge(days: number | null): string {
  if (days === null) return 'unknown';
  if (days < 1) return 'today';
  const whole = Math.floor(days);
  return whole === 1 ? '1 day' : `${whole} days`;
}

/** `just now`, `4 min ago`, `3 h ago`, then the date. */
export function formatRelative(iso: string, now: number): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

/** `14:05` today, else the date and time. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : date.toLocaleString();
}

/** The current time, re-rendered every `intervalMs` while the component is mounted (for countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Seconds until `at`, ticking every second; calls `onElapsed` once when it reaches zero, because the state
 * behind it (an export removed, a request lapsed) changed and the list should ask again.
 */
export function useSecondsLeft(at: string, onElapsed: () => void): number {
  const left = (Date.parse(at) - useNow(1000)) / 1000;
  const fired = useRef(false);
  useEffect(() => {
    if (left <= 0 && !fired.current) {
      fired.current = true;
      onElapsed();
    }
  }, [left, onElapsed]);
  return left;
}
