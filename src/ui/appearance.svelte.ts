// Theme (light/dark) and presenter mode: attributes on <html> that the stylesheet and the palette's
// CSS variables follow, so switching is a style change, never a re-render of the drawings.
import { paletteCss, type Theme } from '../view/palette.ts';

const STORE_KEY = 'mayday.appearance';

function stored(): { theme?: Theme; presenter?: boolean } {
  try {
    return JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}') as { theme?: Theme; presenter?: boolean };
  } catch {
    return {};
  }
}

export class Appearance {
  theme = $state<Theme>('light');
  presenter = $state(false);

  constructor() {
    const s = stored();
    const prefersDark =
      typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
    this.theme = s.theme ?? (prefersDark ? 'dark' : 'light');
    this.presenter = s.presenter ?? false;
    installPalette();
    this.apply();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.apply();
  }

  setPresenter(on: boolean): void {
    this.presenter = on;
    this.apply();
  }

  private apply(): void {
    document.documentElement.dataset.theme = this.theme;
    document.documentElement.dataset.presenter = String(this.presenter);
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify({ theme: this.theme, presenter: this.presenter }));
    } catch {
      // Private mode or storage disabled: the choice just is not remembered.
    }
  }
}

function installPalette(): void {
  if (document.getElementById('mayday-palette')) return;
  const style = document.createElement('style');
  style.id = 'mayday-palette';
  style.textContent = paletteCss();
  document.head.append(style);
}
