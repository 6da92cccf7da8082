/** A small key-in-a-latch mark, drawn inline so it needs no asset request (CSP: img-src 'self'). */
export function LogoMark() {
  return (
    <svg className="logo-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <rect x="3" y="3" width="18" height="18" rx="5" className="logo-mark-bg" />
      <circle cx="10" cy="12" r="3" className="logo-mark-fg" />
      <path d="M13 12h5M16 12v2.5" className="logo-mark-fg" />
    </svg>
  );
}
