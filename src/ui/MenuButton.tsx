import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  id: string;
  label: ReactNode;
}

interface Props {
  /** The button's text, which is also the menu's name. */
  label: string;
  items: readonly MenuItem[];
  disabled?: boolean;
  onChoose: (id: string) => void;
  className?: string;
}

/**
 * A menu button as in the WAI-ARIA Authoring Practices: Enter, Space or the down arrow open the menu on its first
 * item (the up arrow on its last), the arrows, Home and End move between items, Escape closes it and gives the focus
 * back to the button, Tab closes it and moves on; a click anywhere else closes it.
 */
export function MenuButton({ label, items, disabled = false, onChoose, className }: Props) {
  const [open, setOpen] = useState<{ focus: 'first' | 'last' } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const menuItems = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

  // Before paint: a key pressed right after opening already goes to the item.
  useLayoutEffect(() => {
    if (!open) return;
    const list = menuItems();
    (open.focus === 'first' ? list[0] : list[list.length - 1])?.focus();
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(null);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(null);
    if (refocus) button.current?.focus();
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen({ focus: event.key === 'ArrowDown' ? 'first' : 'last' });
    }
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const list = menuItems();
    const here = list.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => {
      event.preventDefault();
      list[(index + list.length) % list.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(here + 1);
    else if (event.key === 'ArrowUp') move(here - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(list.length - 1);
    else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') close(false);
  };

  return (
    <div className={`menu-button${className ? ` ${className}` : ''}`} ref={root}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        onClick={() => (open ? close(false) : setOpen({ focus: 'first' }))}
        onKeyDown={onButtonKey}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="menu" role="menu" id={menuId} aria-label={label} ref={menu} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <button
              key={item.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                close(true);
                onChoose(item.id);
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
