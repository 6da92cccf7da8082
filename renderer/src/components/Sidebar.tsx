import { screens, type ScreenId } from '../navigation';
import { DemoBadge } from './DemoBadge';
import { LogoMark } from './LogoMark';

type Props = { current: ScreenId | null; onNavigate: (screen: ScreenId) => void };

export function Sidebar({ current, onNavigate }: Props) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <LogoMark />
        <span className="brand-name">Latchkey</span>
      </div>
      <DemoBadge />
      <nav aria-label="Main">
        <ul className="nav-list">
          {screens.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={s.id === current ? 'page' : undefined}
                onClick={() => onNavigate(s.id)}
              >
                {s.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
